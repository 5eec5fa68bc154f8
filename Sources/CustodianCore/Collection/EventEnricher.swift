import Foundation

/// What the server knows about the request an event arrived in.
public struct RequestFacts: Sendable {
    /// The client's address: the peer, or the `X-Forwarded-For` client when the peer is a trusted proxy.
    public var clientIP: String?
    public var userAgent: String?
    public var acceptLanguage: String?
    /// `Sec-GPC` / `DNT` on the request itself.
    public var signals: PrivacySignals
    /// When the server received the request (ms since the epoch).
    public var receivedAt: Int64

    public init(clientIP: String?, userAgent: String?, acceptLanguage: String?, signals: PrivacySignals, receivedAt: Int64) {
        self.clientIP = clientIP
        self.userAgent = userAgent
        self.acceptLanguage = acceptLanguage
        self.signals = signals
        self.receivedAt = receivedAt
    }
}

/// An event after enrichment and minimisation: every value here may be stored. The raw IP and
/// device id are still in the clear; the store seals them.
public struct EnrichedEvent: Sendable, Equatable {
    public var type: EventType
    public var messageId: String
    public var anonymousId: String?
    public var deviceId: String?
    public var ip: String?
    public var ipTruncated: String?
    public var country: String?
    public var browserFamily: String?
    public var browserMajor: String?
    public var osFamily: String?
    public var osMajor: String?
    public var deviceType: String?
    public var deviceBrand: String?
    public var deviceModel: String?
    public var screen: String?
    public var timezone: String?
    public var app: String?
    public var language: String?
    public var latitude: Double?
    public var longitude: Double?
    public var name: String?
    public var url: String?
    public var referrer: String?
    public var title: String?
    public var properties: String?
    /// Bots are kept out of personalisation.
    public var bot: Bool
    /// When it happened, corrected for the client's clock skew.
    public var occurredAt: Int64
    public var receivedAt: Int64
    /// receivedAt − sentAt by the client's clock, when the client said when it sent.
    public var skewMillis: Int64?
    /// The fields that hold a value after minimisation.
    public var fields: EventFieldSet
}

/// Enrichment: client IP to network and country, user agent to browser/OS/device, language,
/// clock-skew correction, location coarsening; then minimisation to the fields allowed.
public struct EventEnricher: Sendable {
    public let userAgents: UserAgentClassifier
    public let geo: MMDBReader?
    /// Locations are rounded to this many degrees: 0.01° (about 1.1 km of latitude) per 1,000 m.
    public let locationStep: Double

    public init(userAgents: UserAgentClassifier = .shared, geo: MMDBReader?, locationPrecisionMetres: Double = 1_000) {
        self.userAgents = userAgents
        self.geo = geo
        self.locationStep = max(locationPrecisionMetres, 1) / 100_000
    }

    /// `value` rounded to `step`, without binary noise in the last digits (51.51, not 51.510000000000005).
    static func round(_ value: Double, step: Double) -> Double {
        (((value / step).rounded() * step) * 1_000_000).rounded() / 1_000_000
    }

    /// The effective privacy signals of an event: the request's headers or the SDK's report.
    public static func signals(_ event: IncomingEvent, _ facts: RequestFacts) -> PrivacySignals {
        PrivacySignals(gpc: facts.signals.gpc || event.context.gpc, dnt: facts.signals.dnt || event.context.dnt)
    }

    /// Corrected event time: receivedAt − (sentAt − timestamp), never after receipt.
    public static func occurredAt(timestamp: Int64?, sentAt: Int64?, receivedAt: Int64) -> Int64 {
        guard let timestamp else { return receivedAt }
        guard let sentAt else { return min(timestamp, receivedAt) }
        return min(receivedAt - (sentAt - timestamp), receivedAt)
    }

    public func enrich(_ event: IncomingEvent, facts: RequestFacts, fields: EventFieldSet) -> EnrichedEvent {
        var memo = EnrichmentMemo()
        return enrich(event, facts: facts, fields: fields, memo: &memo)
    }

    /// Enriches one event of a request; `memo` carries what the request's earlier events already
    /// worked out (most batches come from one browser: one user agent, address and locale).
    public func enrich(_ event: IncomingEvent, facts: RequestFacts, fields: EventFieldSet, memo: inout EnrichmentMemo) -> EnrichedEvent {
        let c = event.context
        let ip = c.ip ?? facts.clientIP
        let userAgent = c.userAgent ?? facts.userAgent
        var agent: UserAgentInfo?
        if let userAgent {
            if let last = memo.userAgent, last.text == userAgent {
                agent = last.info
            } else {
                let info = userAgents.classify(userAgent)
                memo.userAgent = (userAgent, info)
                agent = info
            }
        }
        var out = EnrichedEvent(
            type: event.type, messageId: event.messageId, bot: agent?.isBot ?? false,
            occurredAt: Self.occurredAt(timestamp: event.timestamp, sentAt: event.sentAt, receivedAt: facts.receivedAt),
            receivedAt: facts.receivedAt, skewMillis: event.sentAt.map { facts.receivedAt - $0 }, fields: fields)
        if fields.contains(.ipAddress) { out.ip = ip }
        if fields.contains(.network), let ip {
            if let last = memo.network, last.ip == ip {
                (out.ipTruncated, out.country) = (last.truncated, last.country)
            } else {
                out.ipTruncated = IPTruncation.truncate(ip)
                out.country = geo?.country(of: ip)
                memo.network = (ip, out.ipTruncated, out.country)
            }
        }
        if fields.contains(.device) {
            out.browserFamily = agent.map(\.browserFamily).flatMap { $0 == "Other" ? nil : $0 }
            out.browserMajor = agent?.browserMajor
            out.osFamily = c.osName ?? agent.map(\.osFamily).flatMap { $0 == "Other" ? nil : $0 }
            out.osMajor = c.osVersion.map { String($0.prefix { $0 != "." }) } ?? agent?.osMajor
            out.deviceType = c.deviceType.flatMap { UserAgentDeviceType(rawValue: $0.lowercased())?.rawValue } ?? agent?.deviceType.rawValue
            out.deviceBrand = c.deviceManufacturer ?? agent?.deviceBrand
            out.deviceModel = c.deviceModel ?? agent?.deviceModel
            if let width = c.screenWidth, let height = c.screenHeight { out.screen = "\(width)x\(height)" }
            out.timezone = c.timezone
            if let name = c.appName { out.app = c.appVersion.map { "\(name) \($0)" } ?? name }
        }
        if fields.contains(.deviceId) { out.deviceId = c.deviceId }
        if fields.contains(.cookieId) { out.anonymousId = event.anonymousId }
        if fields.contains(.language) {
            if let locale = c.locale {
                if let last = memo.locale, last.text == locale {
                    out.language = last.tag
                } else {
                    out.language = LanguageTag.normalise(locale)
                    memo.locale = (locale, out.language)
                }
            }
            if out.language == nil, let header = facts.acceptLanguage {
                if memo.acceptLanguage == nil { memo.acceptLanguage = .some(LanguageTag.preferred(header)) }
                out.language = memo.acceptLanguage ?? nil
            }
        }
        if fields.contains(.location), let latitude = c.latitude, let longitude = c.longitude {
            out.latitude = Self.round(latitude, step: locationStep)
            out.longitude = Self.round(longitude, step: locationStep)
        }
        if fields.contains(.behaviour) {
            out.name = event.name
            out.url = c.pageURL
            out.referrer = c.pageReferrer
            out.title = c.pageTitle
            out.properties = event.properties
        }
        out.fields = Self.present(in: out)
        return out
    }

    /// The fields that hold a value after minimisation.
    static func present(in e: EnrichedEvent) -> EventFieldSet {
        var fields = EventFieldSet.none
        if e.ip != nil { fields.insert(EventFieldSet(.ipAddress)) }
        if e.ipTruncated != nil || e.country != nil { fields.insert(EventFieldSet(.network)) }
        let device: [String?] = [e.browserFamily, e.osFamily, e.deviceType, e.deviceBrand, e.deviceModel, e.screen, e.timezone, e.app]
        if device.contains(where: { $0 != nil }) { fields.insert(EventFieldSet(.device)) }
        if e.deviceId != nil { fields.insert(EventFieldSet(.deviceId)) }
        if e.anonymousId != nil { fields.insert(EventFieldSet(.cookieId)) }
        if e.language != nil { fields.insert(EventFieldSet(.language)) }
        if e.latitude != nil { fields.insert(EventFieldSet(.location)) }
        if [e.name, e.url, e.referrer, e.title, e.properties].contains(where: { $0 != nil }) { fields.insert(EventFieldSet(.behaviour)) }
        return fields
    }
}

/// What earlier events of the same request worked out, reused when the input repeats.
public struct EnrichmentMemo: Sendable {
    var userAgent: (text: String, info: UserAgentInfo)?
    var network: (ip: String, truncated: String?, country: String?)?
    var locale: (text: String, tag: String?)?
    /// The request's `Accept-Language`, once parsed (the header is the same for every event).
    var acceptLanguage: String??

    public init() {}
}

/// BCP 47 language tags, as much as analytics needs: `en_gb` → `en-GB`.
public enum LanguageTag {
    /// A well-formed tag in canonical case, or nil. Works on ASCII bytes: it runs for every
    /// collected event.
    public static func normalise(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var subtag = 0
        var length = 0
        var letters = true
        var start = 0
        func close() -> Bool {
            if subtag == 0 {
                guard (2...3).contains(length), letters else { return false }
                return true
            }
            guard (1...8).contains(length) else { return false }
            // Region: two letters, upper case. Script: four letters, title case. Others lower case.
            if letters, length == 2 {
                for index in start..<(start + length) { out[index] &= ~0x20 }
            } else if letters, length == 4 {
                out[start] &= ~0x20
            }
            return true
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "_"):
                guard close() else { return nil }
                out.append(UInt8(ascii: "-"))
                subtag += 1
                length = 0
                letters = true
                start = out.count
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                out.append(byte | 0x20)
                length += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard subtag > 0 else { return nil }
                out.append(byte)
                length += 1
                letters = false
            default:
                return nil
            }
        }
        guard close() else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// The most preferred language of an `Accept-Language` header.
    public static func preferred(_ header: String) -> String? {
        var best: (tag: String, q: Double)?
        for item in header.split(separator: ",").prefix(20) {
            let pieces = item.split(separator: ";")
            guard let raw = pieces.first?.trimmingCharacters(in: .whitespaces), raw != "*", let tag = normalise(raw) else { continue }
            var q = 1.0
            for parameter in pieces.dropFirst() {
                let pair = parameter.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix("q="), let value = Double(pair.dropFirst(2)) { q = value }
            }
            if q > 0, best == nil || q > best!.q { best = (tag, q) }
        }
        return best?.tag
    }
}
