import CustodianCore
@testable import CustodianStore
import Foundation
import Synchronization
import Testing

/// The outbox, campaigns and sign-in challenges in the store, written once and run on every
/// engine (see ``MessagingSQLiteTests`` and ``MessagingPostgresTests``).
enum MessagingBehaviours {
    static let marketing = "marketing.communications.email"

    static func draft(_ person: String, payload: [String: String]? = nil) -> OutboxDraft {
        OutboxDraft(kind: payload == nil ? .registrationNotice : .stepUpCode, personId: person, purpose: "essential.service", payload: payload)
    }

    static func outboxClaimsAreLeasesAndOutcomesAreFinal(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let outbox = store.repositories.outbox
            let person = try await Issue3Stores.person(store.repositories)
            var queued: [OutboxMessage] = []
            for _ in 0..<3 {
                queued.append(try await outbox.enqueue(draft(person), actor: "test"))
                clock.advance(1)
            }
            let first = try await outbox.claim(limit: 2, worker: "a", leaseMillis: 60_000)
            #expect(first.map(\.id) == queued.prefix(2).map(\.id))
            #expect(first.allSatisfy { $0.state == .sending && $0.attempts == 1 })
            #expect(try await outbox.claim(limit: 5, worker: "b", leaseMillis: 60_000).map(\.id) == [queued[2].id])
            #expect(try await outbox.claim(limit: 5, worker: "b", leaseMillis: 60_000).isEmpty)

            // Only the holder records; a sent message is never claimed again, even after its lease.
            #expect(try await outbox.record(.sent(code: 250), for: first[0], worker: "b") == false)
            #expect(try await outbox.record(.sent(code: 250), for: first[0], worker: "a", categories: ["user.contact.email"]))
            #expect(try await outbox.message(first[0].id)?.state == .sent)
            #expect(try await outbox.message(first[0].id)?.sentAt != nil)
            clock.advance(61_000)
            // The unrecorded second message went back when its lease ran out.
            let reclaimed = try await outbox.claim(limit: 5, worker: "c", leaseMillis: 60_000)
            #expect(Set(reclaimed.map(\.id)) == Set([queued[1].id, queued[2].id]))
            #expect(reclaimed.first { $0.id == queued[1].id }?.attempts == 2)
            #expect(try await outbox.record(.sent(code: 250), for: first[1], worker: "a") == false, "a lapsed claim records nothing")

            // A retry waits for its time; a failure and a suppression are final.
            let retry = try #require(reclaimed.first { $0.id == queued[1].id })
            #expect(try await outbox.record(.retry(at: clock.now() + 5_000, code: 451, reason: "smtp_deferred_rcpt"), for: retry, worker: "c"))
            let failed = try #require(reclaimed.first { $0.id == queued[2].id })
            #expect(try await outbox.record(.failed(code: 550, reason: "smtp_rejected_rcpt"), for: failed, worker: "c"))
            #expect(try await outbox.claim(limit: 5, worker: "d", leaseMillis: 60_000).isEmpty)
            clock.advance(5_000)
            let again = try await outbox.claim(limit: 5, worker: "d", leaseMillis: 60_000)
            #expect(again.map(\.id) == [queued[1].id] && again.first?.lastCode == 451 && again.first?.lastError == "smtp_deferred_rcpt")
            #expect(try await outbox.record(.suppressed(reason: "opted_out"), for: again[0], worker: "d"))
            clock.advance(10_000_000)
            #expect(try await outbox.claim(limit: 5, worker: "e", leaseMillis: 60_000).isEmpty)
            let counts = try await outbox.counts()
            #expect(counts[.sent] == 1 && counts[.failedPermanent] == 1 && counts[.suppressed] == 1 && counts[.queued] == 0)
            let sends = try await store.repositories.audit.entries(after: 0, limit: 100).filter { $0.action == "message.send" }
            // Every attempt is audited: sent, deferred (to be retried), failed, suppressed.
            #expect(sends.map(\.outcome) == ["ok", "error", "error", "denied"])
            #expect(sends.first?.categories == ["user.contact.email"] && sends.first?.subject == person)
        }
    }

    static func concurrentClaimersTakeDisjointBatches(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, _) async throws in
            let outbox = store.repositories.outbox
            let person = try await Issue3Stores.person(store.repositories)
            for _ in 0..<60 { try await outbox.enqueue(draft(person), actor: "test") }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [String] = []
                        while true {
                            let batch = try await outbox.claim(limit: 7, worker: "w\(worker)", leaseMillis: 60_000)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claimed.count == 60 && Set(claimed).count == 60)
        }
    }

    static func payloadsAreSealedOpenOnlyWithTheirAccessAndGoWithThePerson(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, _) async throws in
            let outbox = store.repositories.outbox
            let person = try await Issue3Stores.person(store.repositories)
            let other = try await Issue3Stores.person(store.repositories)
            let message = try await outbox.enqueue(draft(person, payload: ["code": "493817"]), actor: "test")
            #expect(message.hasPayload)
            let rows = try await store.database.read { try await $0.query(SQL("SELECT * FROM outbox")) }
            for value in rows.flatMap(\.values) {
                if case .blob(let bytes) = value { #expect(!StoreBehaviours.contains(bytes, Array("493817".utf8))) }
                if case .text(let text) = value { #expect(!text.contains("493817") && !text.contains("ada@example.com")) }
            }
            let access = try await consent.authorize(person: person, purpose: "essential.service", categories: ["user.contact.email"], actor: "test").get()
            #expect(try await outbox.payload(of: message, access: access) == ["code": "493817"])
            let otherAccess = try await consent.authorize(person: other, purpose: "essential.service", categories: ["user.contact.email"], actor: "test").get()
            #expect(try await outbox.payload(of: message, access: otherAccess) == nil)
            let wrongPurpose = try await consent.authorize(person: person, purpose: marketing, categories: ["user.contact.email"], actor: "test").get()
            #expect(try await outbox.payload(of: message, access: wrongPurpose) == nil)
            try await store.repositories.people.erase(person, actor: "test")
            #expect(try await outbox.message(message.id) == nil)
            #expect(try await outbox.messages(to: person).isEmpty)
        }
    }

    static func queuingACampaignDrawsItsAudienceOnceWithTheReasons(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, _) async throws in
            let repositories = store.repositories
            var people: [String] = []
            for _ in 0..<5 {
                let person = try await Issue3Stores.person(repositories)
                _ = try await repositories.acceptances.record(
                    PolicyAcceptance(personId: person, policyVersion: consent.policyVersion, acceptedAt: consent.now(), channel: "test", ipTruncated: nil, userAgentFamily: nil, evidence: [:]),
                    actor: "test")
                people.append(person)
            }
            let unaccepted = try await Issue3Stores.person(repositories)
            _ = try await consent.record(person: people[0], purpose: marketing, state: .denied, source: .explicit, evidence: [:], actor: "test")
            _ = try await consent.record(person: people[1], purpose: marketing, state: .denied, source: .explicit, evidence: [:], actor: "test")
            _ = try await consent.record(person: people[1], purpose: marketing, state: .granted, source: .explicit, evidence: [:], actor: "test")
            let campaign = Campaign(
                name: "News", kind: .promotion, channel: "email", purpose: marketing, partner: nil, subject: "Hi", text: "Hello", html: nil,
                attributes: [:], createdBy: "test", createdAt: consent.now())
            try await repositories.campaigns.create(campaign, actor: "test")
            let rules = AudienceRules(purposes: [marketing], categories: [marketing: ["user.contact.email"]], gate: consent.gate)
            let report = try await repositories.campaigns.queue(campaign.id, rules: rules, fieldCategories: [:], actor: "test")
            #expect(report.considered == 6 && report.queued == 4)
            #expect(report.excluded("opted_out", purpose: marketing) == 1 && report.excluded("policy_not_accepted") == 1)
            let counts = try await repositories.outbox.counts(campaign: campaign.id)
            #expect(counts[.queued] == 4)
            #expect(try await repositories.outbox.messages(to: people[0]).isEmpty)
            #expect(try await repositories.outbox.messages(to: unaccepted).isEmpty)
            #expect(try await repositories.outbox.messages(to: people[1]).count == 1, "the latest choice counts")
            let stored = try #require(try await repositories.campaigns.campaign(campaign.id))
            #expect(stored.status == .queued && stored.report == report)
            await #expect(throws: CampaignError.alreadyQueued) {
                try await repositories.campaigns.queue(campaign.id, rules: rules, fieldCategories: [:], actor: "test")
            }
            #expect(try await repositories.outbox.counts(campaign: campaign.id)[.queued] == 4)
        }
    }

    static func challengesCountAttemptsExpireAndOpenOnce(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let challenges = store.repositories.signInChallenges
            let person = try await Issue3Stores.person(store.repositories)
            let codes = try await challenges.codes()
            func make(_ code: String) async throws -> String {
                let challenge = SignInChallenge(
                    personId: person, channel: "api", addressKey: "k", assessment: SignInAssessment(outcome: .stepUp, score: 55, reasons: ["new_network"]),
                    software: "s", network: "203.0.113.0", country: nil, location: GeoPoint(latitude: 51.5074, longitude: -0.1278), expiresAt: clock.now() + 600_000)
                try await challenges.create(challenge, codeDigest: codes.digest(code, challenge: challenge.id))
                return challenge.id
            }
            let first = try await make("123456")
            #expect(try await challenges.verify(first, code: "654321") == .wrong(person: person))
            guard case .verified(let opened) = try await challenges.verify(first, code: "123456") else { Issue.record("the right code did not open"); return }
            #expect(opened.personId == person && opened.assessment.reasons == ["new_network"] && opened.network == "203.0.113.0")
            #expect(opened.location == GeoPoint(latitude: 51.51, longitude: -0.13))
            #expect(try await challenges.verify(first, code: "123456") == .invalid, "a code opens one session")

            let guessed = try await make("111111")
            for _ in 0..<SignInChallenges.maxAttempts { _ = try await challenges.verify(guessed, code: "000000") }
            #expect(try await challenges.verify(guessed, code: "111111") == .invalid, "attempts are used up")

            let late = try await make("222222")
            clock.advance(600_001)
            #expect(try await challenges.verify(late, code: "222222") == .invalid)
            #expect(try await challenges.verify("no-such-challenge", code: "222222") == .invalid)
            let digests = try await store.database.read { try await $0.query(SQL("SELECT code_digest FROM sign_in_challenges")) }
            #expect(digests.allSatisfy { (try? $0.blob("code_digest"))?.count == 32 })
        }
    }
}
