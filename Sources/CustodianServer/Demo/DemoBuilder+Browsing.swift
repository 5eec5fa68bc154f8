import CustodianCore
import Foundation

extension DemoBuilder {
    /// Months of browsing sent through the collector as the SDKs send it: web pages with their
    /// URL, the app's screens with `properties.itemId`, now and then a share; the GPC people's
    /// browsers say so. Crawlers walk the site too (flagged as bots, never learned from).
    func makeBrowsing(_ state: inout DemoState) async throws {
        let browsing = DemoBrowsing(items: state.items, start: state.start, end: state.configuration.end)
        let people = state.people
        let services = state.services.mapValues(\.id)
        let items = state.items
        let seed = configuration.seed
        let mean = configuration.sessionsPerPerson
        let counts = try await Self.concurrently(people.count, width: configuration.concurrency) { index in
            var random = DemoRandom(seed: seed, stream: "browsing/\(index)")
            let person = people[index]
            var events = 0
            let sessions = browsing.sessions(of: person, mean: mean, random: &random)
            for (number, session) in sessions.enumerated() {
                guard let source = services[session.service] else { throw DemoError.rejected("no service \(session.service)") }
                let json = Self.sessionJSON(session, person: person, items: items, prefix: "demo-\(seed)-p\(index)-s\(number)", random: &random)
                events += try await collect(json, source: source, ip: person.ip, userAgent: person.userAgent, locale: person.locale, gpc: person.gpc,
                                            receivedAt: (session.views.last?.at ?? 0) + 1_500)
            }
            return (sessions.count, events)
        }
        state.sessions += counts.reduce(0) { $0 + $1.0 }
        state.events += counts.reduce(0) { $0 + $1.1 }
        state.events += try await makeCrawls(state, browsing: browsing)
    }

    /// Crawlers: a walk through the website's newest pages every few days.
    func makeCrawls(_ state: DemoState, browsing: DemoBrowsing) async throws -> Int {
        var random = DemoRandom(seed: configuration.seed, stream: "crawls")
        guard let web = state.service("daily-web") else { return 0 }
        var total = 0
        var day = state.start
        var crawl = 0
        while day < state.configuration.end {
            let published = state.items.indices.filter { state.items[$0].kind == .article && state.items[$0].item.published <= day }
            let walk = published.suffix(40).shuffled(using: &random).prefix(15)
            var events: [String] = []
            for (n, item) in walk.enumerated() {
                let at = day + Int64(n) * 2_000
                events.append(Self.pageEvent(
                    id: "demo-\(configuration.seed)-crawl\(crawl)-\(n)", user: nil, anonymous: "crawler-\(crawl)", item: state.items[item].item, at: at,
                    referrer: nil, sentAt: at + 60_000, userAgent: DemoWorld.crawler, locale: nil, ip: "66.249.66.\(1 + crawl % 200)", gpc: false))
            }
            if !events.isEmpty {
                total += try await collect(
                    "{\"batch\":[" + events.joined(separator: ",") + "]}", source: web.id, ip: "66.249.66.\(1 + crawl % 200)",
                    userAgent: DemoWorld.crawler, locale: nil, gpc: false, receivedAt: day + 61_000)
            }
            crawl += 1
            day += Int64(2 + random.int(0..<3)) * 86_400_000
        }
        return total
    }

    /// Hands one request's body to the collector; every event must be accepted.
    func collect(_ json: String, source: String, ip: String, userAgent: String, locale: String?, gpc: Bool, receivedAt: Int64) async throws -> Int {
        let payload: CollectPayload
        do {
            payload = try CollectPayload.parse(Array(json.utf8))
        } catch {
            throw DemoError.rejected("a demo batch does not parse")
        }
        let facts = RequestFacts(
            clientIP: ip, userAgent: userAgent, acceptLanguage: locale, signals: PrivacySignals(gpc: gpc), receivedAt: receivedAt)
        let outcome = try await collector.collect(payload, facts: facts, source: source, sessionPerson: nil)
        if let problem = outcome.rejected.first { throw DemoError.rejected("event \(problem.index): \(problem.field) \(problem.code)") }
        return outcome.accepted
    }

    /// A session as the web SDK or the app sends it: one batch.
    static func sessionJSON(_ session: DemoBrowsing.Session, person: DemoPerson, items: [DemoItem], prefix: String, random: inout DemoRandom) -> String {
        let sentAt = (session.views.last?.at ?? 0) + 1_000
        var events: [String] = []
        var referrer: String? = random.chance(0.3) ? "https://www.search.example/" : nil
        for (n, view) in session.views.enumerated() {
            let item = items[view.item].item
            if session.app {
                events.append(screenEvent(id: "\(prefix)-\(n)", user: person.id, item: item, at: view.at, sentAt: sentAt, person: person))
            } else {
                events.append(pageEvent(
                    id: "\(prefix)-\(n)", user: person.id, anonymous: nil, item: item, at: view.at, referrer: referrer, sentAt: sentAt,
                    userAgent: person.userAgent, locale: person.locale, ip: person.ip, gpc: person.gpc))
                referrer = item.url
            }
            if random.chance(0.04) {
                events.append(
                    #"{"type":"track","messageId":"\#(prefix)-\#(n)-share","userId":"\#(person.id)","event":"Item Shared","timestamp":"\#(ISOTimestamp.string(view.at + 5_000))","sentAt":"\#(ISOTimestamp.string(sentAt))","properties":{"itemId":"\#(item.id)","via":"link"}}"#)
            }
        }
        return "{\"batch\":[" + events.joined(separator: ",") + "]}"
    }

    static func pageEvent(
        id: String, user: String?, anonymous: String?, item: CatalogItem, at: Int64, referrer: String?, sentAt: Int64, userAgent: String,
        locale: String?, ip: String, gpc: Bool
    ) -> String {
        var who = ""
        if let user { who += #""userId":"\#(user)","# }
        if let anonymous { who += #""anonymousId":"\#(anonymous)","# }
        var page = #""url":\#(JSONText.quoted(item.url)),"title":\#(JSONText.quoted(item.title))"#
        if let referrer { page += #","referrer":\#(JSONText.quoted(referrer))"# }
        let localePart = locale.map { #""locale":"\#($0)","# } ?? ""
        return #"{"type":"page","messageId":"\#(id)",\#(who)"name":\#(JSONText.quoted(item.title)),"timestamp":"\#(ISOTimestamp.string(at))","sentAt":"\#(ISOTimestamp.string(sentAt))","context":{"page":{\#(page)},"userAgent":\#(JSONText.quoted(userAgent)),\#(localePart)"ip":"\#(ip)","library":{"name":"custodian.js","version":"1.0.0"},"privacy":{"gpc":\#(gpc),"dnt":false}}}"#
    }

    static func screenEvent(id: String, user: String, item: CatalogItem, at: Int64, sentAt: Int64, person: DemoPerson) -> String {
        let model = DemoWorld.iPhones[abs(person.email.hashValueStable) % DemoWorld.iPhones.count]
        return #"{"type":"screen","messageId":"\#(id)","userId":"\#(user)","name":"Article","timestamp":"\#(ISOTimestamp.string(at))","sentAt":"\#(ISOTimestamp.string(sentAt))","properties":{"itemId":"\#(item.id)"},"context":{"app":{"name":"Daily","version":"5.2.0"},"device":{"manufacturer":"Apple","model":"\#(model)","type":"mobile"},"os":{"name":"iOS","version":"18.1"},"screen":{"width":1179,"height":2556,"density":3},"locale":"\#(person.locale)","timezone":"Europe/London","ip":"\#(person.ip)","library":{"name":"CustodianClient","version":"1.0.0"},"privacy":{"gpc":\#(person.gpc),"dnt":false}}}"#
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash >> 1)
    }
}
