import CustodianCore
import CustodianStore
import Foundation
import Logging
import Testing

@testable import CustodianServer

@Suite("Demo data and the offline evaluation")
struct DemoTests {
    static let end = ISOTimestamp.millis("2026-11-30T00:00:00Z") ?? 0

    static func small(seed: UInt64 = 7) -> DemoConfiguration {
        var demo = DemoConfiguration(end: end)
        demo.seed = seed
        demo.people = 150
        demo.items = 160
        demo.days = 60
        demo.sessionsPerPerson = 10
        return demo
    }

    static var logger: Logger {
        var logger = Logger(label: "custodian.tests")
        logger.logLevel = .critical
        return logger
    }

    @Test func theDemoIsMadeThroughTheRealPathsAndThePersonalisedModelBeatsTheBaseline() async throws {
        let app = try TestApp()
        defer { app.remove() }
        let repositories = try await app.store.prepare()
        let summary = try await DemoBuilder(configuration: Self.small(), server: app.configuration, store: app.store, logger: Self.logger).build()
        #expect(summary.people.count == 150 && summary.items == 160 && summary.services.count == 4)
        #expect(summary.events > 5_000)
        #expect(try await repositories.events.count() == summary.events)
        #expect(try await repositories.catalog.count() == 160)
        #expect(summary.contactMessages > 0 && summary.surveyResponses > 0)
        // The console's request queue has work in it: filed from accounts, some already moved on.
        let requests = try await repositories.privacyRequests.list(limit: 100)
        #expect(summary.privacyRequests == 6 && requests.count == 6)
        #expect(Set(requests.map(\.status)) == [.pending, .approved, .inProgress])
        #expect((summary.consents["personalize.content.profiled denied"] ?? 0) > 0)
        #expect((summary.consents["gpc"] ?? 0) > 0)

        // Sealed: no address is anywhere in the database in the clear.
        let rows = try await repositories.database.read { db in try await db.query(SQL("SELECT value FROM person_attributes")) }
        #expect(rows.count > 300)
        for row in rows {
            if case .blob(let bytes) = row.values[0] { #expect(!String(decoding: bytes, as: UTF8.self).contains("@example.org")) }
        }

        let gate = PersonalisationGate(gate: PurposeGate(policy: try PolicyLoader.load(yaml: DefaultPolicy.yaml)))
        let settings = app.configuration.recommendations.settings
        let snapshot = try await ModelBuilder(repositories: repositories, gate: gate, settings: settings).snapshot(receivedBefore: .max)
        // Those who opted out of personalisation, or whose browser sent GPC, taught the model nothing.
        let (byDefault, decided) = try await gate.eligibility(repositories.consentLedger)
        #expect(byDefault)
        let excluded = Set(decided.filter { !$0.value }.keys)
        #expect(!excluded.isEmpty)
        #expect(!snapshot.views.contains { excluded.contains($0.person) })

        let report = OfflineEvaluation.run(views: snapshot.views, catalog: snapshot.catalog, settings: settings)
        let (model, baseline) = (report.rows[0], report.rows[1])
        #expect(model.people > 50)
        #expect(model.hitRate > baseline.hitRate, "\(report)")
        #expect(model.ndcg > baseline.ndcg, "\(report)")
    }

    @Test func aSeedGivesTheSameDemoAndAFullFolderIsRefused() async throws {
        var counts: [[Int]] = []
        for _ in 0..<2 {
            let app = try TestApp()
            defer { app.remove() }
            _ = try await app.store.prepare()
            var demo = Self.small(seed: 11)
            demo.people = 40
            demo.items = 60
            let summary = try await DemoBuilder(configuration: demo, server: app.configuration, store: app.store, logger: Self.logger).build()
            let titles = try await app.store.repositories.catalog.all().map(\.title).joined()
            counts.append([summary.events, summary.sessions, summary.contactMessages, summary.surveyResponses, titles.hashValueStable])
            await #expect(throws: DemoError.self) {
                _ = try await DemoBuilder(configuration: demo, server: app.configuration, store: app.store, logger: Self.logger).build()
            }
        }
        #expect(counts[0] == counts[1])
    }
}

@Suite("The model's ingest queue")
struct ViewQueueTests {
    static func candidate(_ n: Int) -> ViewCandidate {
        ViewCandidate(person: "p", type: "page", url: "https://news.example/\(n)", properties: nil, occurredAt: Int64(n), receivedAt: Int64(n))
    }

    @Test func aFullQueueDropsAndCountsInsteadOfWaiting() async throws {
        let queue = ViewQueue(capacity: 1_000)
        #expect(queue.offer((0..<999).map(Self.candidate)))
        #expect(!queue.offer((0..<2).map(Self.candidate)))
        #expect(queue.dropped == 2 && queue.depth == 999)
        let taken = try #require(await queue.take())
        #expect(taken.count == 999 && taken.first?.occurredAt == 0 && taken.last?.occurredAt == 998)
        #expect(queue.offer([Self.candidate(5)]))
        queue.close()
        #expect(await queue.take()?.count == 1)
        #expect(await queue.take() == nil)
        #expect(!queue.offer([Self.candidate(6)]))
    }

    @Test func onlyPeoplesNonBotViewsAreQueued() {
        let queue = ViewQueue(capacity: 1_000)
        let enricher = EventEnricher(geo: nil)
        func record(_ type: EventType, person: String?, bot: Bool = false) -> EventRecord {
            var incoming = IncomingEvent(type: type, messageId: UUID().uuidString, anonymousId: "a", name: "x")
            incoming.context.pageURL = "https://news.example/a"
            var event = enricher.enrich(
                incoming, facts: RequestFacts(clientIP: nil, userAgent: nil, acceptLanguage: nil, signals: .none, receivedAt: 1), fields: .all)
            event.bot = bot
            return EventRecord(source: "web", personId: person, event: event)
        }
        queue.collected([record(.page, person: "p"), record(.page, person: nil), record(.page, person: "p", bot: true), record(.track, person: "p"),
                         record(.screen, person: "p")])
        #expect(queue.depth == 2)
    }
}
