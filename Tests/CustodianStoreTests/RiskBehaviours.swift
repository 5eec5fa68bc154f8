import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// The risky-URL registry, risk events and URL sightings, written once and run on every engine
/// (see ``RiskSQLiteTests`` and ``RiskPostgresTests``).
enum RiskBehaviours {
    static func flaggingAddsRefreshesAndRemovesWithHistoryAndAudit(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let registry = store.repositories.riskyURLs
            let draft = RiskyURLDraft(match: .domain, value: "evil-site.com", category: .phishing, source: "openphish", confidence: 0.8)
            let (first, created) = try await registry.flag(draft, actor: "apikey:ops")
            #expect(created)
            #expect(first.flaggedBy == "apikey:ops" && first.firstSeen == first.lastSeen)
            clock.advance(60_000)
            var refreshed = draft
            refreshed.confidence = 0.95
            let (second, createdAgain) = try await registry.flag(refreshed, actor: "apikey:other")
            #expect(!createdAgain)
            #expect(second.id == first.id && second.confidence == 0.95)
            #expect(second.lastSeen == first.lastSeen + 60_000 && second.firstSeen == first.firstSeen)
            #expect(second.flaggedBy == "apikey:ops" && second.updatedBy == "apikey:other")
            // Another source listing the same value is its own listing.
            let (other, _) = try await registry.flag(
                RiskyURLDraft(match: .domain, value: "evil-site.com", category: .phishing, source: "manual", confidence: 1), actor: "cli")
            #expect(other.id != first.id)
            #expect(try await registry.list(value: "evil-site.com", limit: 10).count == 2)

            #expect(try await registry.remove(first.id, actor: "apikey:ops"))
            #expect(try await !registry.remove(first.id, actor: "apikey:ops"))
            #expect(try await registry.record(first.id) == nil)
            let history = try await registry.history(first.id)
            #expect(history.map(\.action) == ["flagged", "updated", "removed"])
            #expect(history.map(\.actor) == ["apikey:ops", "apikey:other", "apikey:ops"])

            let audit = try await store.repositories.audit.entries()
            #expect(audit.filter { $0.action == "risk.url.flag" }.count == 3)
            #expect(audit.contains { $0.action == "risk.url.remove" && $0.details.contains("\"listing\":\"\(first.id)\"") })
            // The audit names listings, never the values flagged.
            #expect(!audit.contains { $0.details.contains("evil-site.com") })
            guard case .intact = try await store.repositories.audit.verify() else {
                Issue.record("the audit chain is broken")
                return
            }
        }
    }

    static func importsAddRefreshAndRecordOneAuditEntry(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let registry = store.repositories.riskyURLs
            let drafts = (0..<500).map { RiskyURLDraft(match: .domain, value: "bad\($0).example", category: .malware, source: "urlhaus", confidence: 0.9) }
            let summary = try await registry.importListings(
                drafts + [drafts[0]], source: "urlhaus", category: .malware, format: "text", digest: "abc", linesRead: 503, skipped: 2, actor: "cli")
            #expect(summary.added == 500 && summary.updated == 0 && summary.skipped == 3)
            clock.advance(1_000)
            let again = try await registry.importListings(
                Array(drafts[0..<10]) + [RiskyURLDraft(match: .url, value: "https://x.example/a", category: .malware, source: "urlhaus", confidence: 1)],
                source: "urlhaus", category: .malware, format: "csv", digest: "def", linesRead: 11, skipped: 0, actor: "cli")
            #expect(again.added == 1 && again.updated == 10)
            let refreshed = try #require(try await registry.list(value: "bad3.example", limit: 1).first)
            #expect(refreshed.importId == again.id && refreshed.lastSeen > refreshed.firstSeen)
            #expect(try await registry.history(refreshed.id).map(\.importId) == [summary.id, again.id])
            #expect(try await registry.activeListings(at: clock.now()).count == 501)
            #expect(try await registry.imports().map(\.id) == [again.id, summary.id])
            let audit = try await store.repositories.audit.entries(after: 0, limit: 1_000).filter { $0.action == "risk.url.import" }
            #expect(audit.count == 2)
            #expect(audit.first?.details.contains("\"added\":\"500\"") == true)
        }
    }

    static func expiredListingsAreNotActiveAndChangesMoveTheMark(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let registry = store.repositories.riskyURLs
            let start = try await registry.changeMark()
            let now = clock.now()
            _ = try await registry.flag(
                RiskyURLDraft(match: .host, value: "old.example", category: .spam, source: "s", confidence: 1, expiresAt: now + 1_000), actor: "cli")
            let afterFlag = try await registry.changeMark()
            #expect(afterFlag != start)
            #expect(try await registry.activeListings(at: now).map(\.value) == ["old.example"])
            #expect(try await registry.activeListings(at: now + 2_000).isEmpty)
            let id = try #require(try await registry.list(limit: 1).first?.id)
            _ = try await registry.remove(id, actor: "cli")
            #expect(try await registry.changeMark() != afterFlag)
        }
    }

    static func riskEventsAndSightingsBelongToThePersonAndGoWithThem(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, clock) async throws in
            let person = try await Issue3Stores.person(store.repositories)
            let events = store.repositories.riskEvents
            try await events.record([
                RiskEvent(personId: person, kind: "flagged_url", score: 80, reasons: ["lookalike_domain"], details: ["context": "contact"]),
                RiskEvent(personId: nil, subject: "network:203.0.113.0", kind: "registration_velocity", score: 50, reasons: ["network_velocity"]),
                RiskEvent(personId: "no-such-person", kind: "session_travel", score: 60, reasons: ["impossible_travel"]),
            ])
            clock.advance(10)
            let mine = try await events.events(of: person)
            #expect(mine.map(\.kind) == ["flagged_url"])
            #expect(mine.first?.details == ["context": "contact"] && mine.first?.reasons == ["lookalike_domain"])
            #expect(try await events.list(limit: 10).count == 3)
            #expect(try await events.list(kind: "registration_velocity", limit: 10).first?.subject == "network:203.0.113.0")

            let sightings = store.repositories.urlSightings
            let reason = URLRiskReason(.lookalikeDomain, detail: "paypal.com")
            try await sightings.record([
                URLSighting(personId: person, keySubject: person, context: "contact", category: "user.behavior", itemId: "m1", verdict: .malicious,
                            score: 75, reasons: [reason], url: "https://xn--pypal-4ve.com/login"),
                URLSighting(personId: nil, keySubject: nil, context: "collect.referrer", category: "user.behavior.browsing_history", itemId: nil,
                            verdict: .suspicious, score: 40, reasons: [URLRiskReason(.mixedScript)], url: "https://visitor.example/"),
            ])
            // Sealed at rest.
            let rows = try await store.database.read { try await $0.query(SQL("SELECT url FROM url_sightings")) }
            for row in rows {
                if case .blob(let bytes) = row["url"] { #expect(!StoreBehaviours.contains(bytes, Array("pypal".utf8))) }
            }
            #expect(rows.filter { if case .null = $0["url"] { return true } else { return false } }.count == 1)
            let access = try await consent.authorize(person: person, purpose: "essential.fraud_detection", categories: ["user.behavior"], actor: "test").get()
            let opened = try await sightings.sightings(of: person, access: access)
            #expect(opened.map(\.url) == ["https://xn--pypal-4ve.com/login"])
            #expect(opened.first?.reasons == [reason])
            let narrow = try await consent.authorize(person: person, purpose: "essential.fraud_detection", categories: ["user.device"], actor: "test").get()
            #expect(try await sightings.sightings(of: person, access: narrow).first?.url == nil)
            #expect(try await sightings.sightings(context: "contact", item: "m1").first?.reasons == [reason])

            #expect(try await store.repositories.people.erase(person, actor: "test"))
            #expect(try await events.events(of: person).isEmpty)
            #expect(try await sightings.sightings(of: person, access: nil).isEmpty)
            #expect(try await events.list(limit: 10).count == 2)
            try await sightings.forget(context: "collect.referrer", item: "none")
        }
    }
}

@Suite("Risk store on SQLite")
struct RiskSQLiteTests {
    @Test func flagging() async throws { try await RiskBehaviours.flaggingAddsRefreshesAndRemovesWithHistoryAndAudit(.sqlite) }
    @Test func imports() async throws { try await RiskBehaviours.importsAddRefreshAndRecordOneAuditEntry(.sqlite) }
    @Test func expiry() async throws { try await RiskBehaviours.expiredListingsAreNotActiveAndChangesMoveTheMark(.sqlite) }
    @Test func eventsAndSightings() async throws { try await RiskBehaviours.riskEventsAndSightingsBelongToThePersonAndGoWithThem(.sqlite) }
}

@Suite("Risk store on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct RiskPostgresTests {
    @Test func flagging() async throws { try await RiskBehaviours.flaggingAddsRefreshesAndRemovesWithHistoryAndAudit(.postgres) }
    @Test func imports() async throws { try await RiskBehaviours.importsAddRefreshAndRecordOneAuditEntry(.postgres) }
    @Test func expiry() async throws { try await RiskBehaviours.expiredListingsAreNotActiveAndChangesMoveTheMark(.postgres) }
    @Test func eventsAndSightings() async throws { try await RiskBehaviours.riskEventsAndSightingsBelongToThePersonAndGoWithThem(.postgres) }
}
