import Crypto
import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// The partner registry, references, inbound records, share log, outbox and propagation, written
/// once and run on every engine (see ``PartnerSQLiteTests`` and ``PartnerPostgresTests``).
enum PartnerBehaviours {
    static func registryWrapsSecretsShowsThemOnceAndRotationRewrapsThem(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, _) async throws in
            let registry = store.repositories.partners
            let (partner, secret) = try await registry.create(sharingDraft(), actor: "test")
            #expect(secret.hasPrefix("whsec_"))
            #expect(try await registry.signingSecret(of: partner.id) == secret)
            await #expect(throws: StoreError.conflict) { try await registry.create(sharingDraft(), actor: "test") }
            // At rest only wrapped: neither the secret text nor its bytes appear.
            let wrapped = try await store.database.read { try await $0.query(SQL("SELECT wrapped FROM keyring_secrets")) }
            let bytes = try #require(PartnerRegistry.secretBytes(secret))
            for row in wrapped {
                #expect(!StoreBehaviours.contains(try row.blob("wrapped"), bytes))
                #expect(!StoreBehaviours.contains(try row.blob("wrapped"), Array(secret.utf8)))
            }
            let rotated = try #require(try await registry.rotateSecret(id: partner.id, actor: "test"))
            #expect(rotated != secret)
            #expect(try await registry.signingSecret(of: partner.id) == rotated)

            let changed = try #require(try await registry.update(
                id: partner.id, PartnerChange(contact: "dpo@acme.example", webhookURL: .some(nil), push: false, status: .disabled), actor: "test"))
            #expect(changed.contact == "dpo@acme.example" && changed.webhookURL == nil && changed.status == .disabled)
            #expect(try await registry.find(id: partner.id) == changed)
            #expect(try await registry.list().map(\.name) == ["acme"])

            // keys rotate re-wraps partner secrets with everything else; they still open.
            let newKey = SymmetricKey(size: .bits256)
            _ = try await KeyRotation.rewrap(database: store.database, from: store.masterKeys, to: newKey)
            let rotatedKeys = MasterKeys(current: newKey, source: .environment)
            let reopened = PartnerRegistry(
                database: store.database, keyring: Keyring(database: store.database, masterKeys: rotatedKeys, now: store.now),
                audit: store.repositories.audit, now: store.now)
            #expect(try await reopened.signingSecret(of: partner.id) == rotated)
            let actions = try await store.repositories.audit.entries(after: 0, limit: 100).map(\.action)
            #expect(actions.contains("partner.create") && actions.contains("partner.update") && actions.contains("partner.secret.rotate"))
        }
    }

    static func referencesResolveOnlyForThePartnerTheyWereIssuedTo(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, _) async throws in
            let repositories = store.repositories
            let person = try await Issue3Stores.person(repositories)
            let (acme, _) = try await repositories.partners.create(sharingDraft(), actor: "test")
            let (other, _) = try await repositories.partners.create(sharingDraft(name: "other"), actor: "test")
            let before = try await repositories.partnerReferences.reference(partner: acme.id, person: person)
            #expect(try await repositories.partnerReferences.resolve(before, partner: acme.id) == nil, "derived is not issued")
            let ref = try await repositories.partnerReferences.issue(partner: acme.id, person: person)
            #expect(ref == before)
            #expect(try await repositories.partnerReferences.issue(partner: acme.id, person: person) == ref)
            #expect(try await repositories.partnerReferences.resolve(ref, partner: acme.id) == person)
            #expect(try await repositories.partnerReferences.resolve(ref, partner: other.id) == nil)
            #expect(try await repositories.partnerReferences.issued(partner: other.id, person: person) == nil)
            let otherRef = try await repositories.partnerReferences.issue(partner: other.id, person: person)
            #expect(otherRef != ref)
            #expect(try await repositories.people.erase(person, actor: "test"))
            #expect(try await repositories.partnerReferences.resolve(ref, partner: acme.id) == nil)
        }
    }

    static func inboundRecordsAreSealedUnderTheirSourceAndGoWithThePerson(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, _) async throws in
            let repositories = store.repositories
            let person = try await Issue3Stores.person(repositories)
            let (acme, _) = try await repositories.partners.create(sharingDraft(), actor: "test")
            let ref = try await repositories.partnerRecords.accept(
                [ReceivedAttribute(field: "tier", category: "user.behavior", value: "Gold member since 2019"),
                 ReceivedAttribute(field: "name", category: "user.name", value: "Ada E.")],
                person: person, partner: acme, bases: ["user.behavior": "consent"], actor: "apikey:k")
            #expect(try await repositories.partnerReferences.resolve(ref, partner: acme.id) == person)
            let rows = try await store.database.read {
                try await $0.query(SQL("SELECT field, source, value FROM person_attributes WHERE person_id = ? ORDER BY field", [.text(person)]))
            }
            #expect(try rows.map { try $0.text("field") } == ["email", "gender", "name", "partner/acme/name", "partner/acme/tier"])
            for row in rows { #expect(!StoreBehaviours.contains(try row.blob("value"), Array("Gold".utf8))) }
            // The person's own name is untouched; the partner's sits beside it, by source.
            let received = try await repositories.partnerRecords.received(by: person, actor: "person:\(person)")
            #expect(Set(received.map { "\($0.source) \($0.field) \($0.value)" }) == ["partner:acme tier Gold member since 2019", "partner:acme name Ada E."])
            let own = try await repositories.people.openAttributes(of: person).first { $0.field == "name" }
            #expect(own?.value == "Ada Example" && own?.source == "provided")
            #expect(try await repositories.people.erase(person, actor: "test"))
            #expect(try await repositories.partnerRecords.received(by: person, actor: "test").isEmpty)
            await #expect(throws: StoreError.notFound) {
                try await repositories.partnerRecords.accept(
                    [ReceivedAttribute(field: "tier", category: "user.behavior", value: "x")], person: person, partner: acme, bases: [:], actor: "t")
            }
        }
    }

    static func sharesAreLoggedWithTheirAuditEntryAndWithoutValues(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let repositories = store.repositories
            let person = try await Issue3Stores.person(repositories)
            let (acme, _) = try await repositories.partners.create(sharingDraft(), actor: "test")
            try await repositories.shares.record(
                partner: acme, person: person, purpose: "third_party_sharing", categories: ["user.contact.email", "user.name"], channel: .pull,
                actor: "apikey:k", requestId: "r1")
            clock.advance(1_000)
            try await repositories.shares.record(partner: acme, person: person, purpose: "third_party_sharing", categories: ["user.name"], channel: .push, actor: "system")
            let entries = try await repositories.shares.entries(of: person)
            #expect(entries.map(\.channel) == [.push, .pull])
            #expect(entries[1].categories == ["user.contact.email", "user.name"] && entries[1].partnerName == "acme" && entries[1].requestId == "r1")
            #expect(try await repositories.shares.entries(toPartner: acme.id).count == 2)
            let audited = try await repositories.audit.entries(after: 0, limit: 100).filter { $0.action == "partner.share" }
            #expect(audited.count == 2)
            #expect(audited[0].subject == person && audited[0].purpose == "third_party_sharing" && audited[0].details.contains(acme.id))
            let raw = try await store.database.read { try await $0.query(SQL("SELECT * FROM partner_shares")) }
            for row in raw {
                for value in row.values {
                    if case .text(let text) = value { #expect(!text.contains("Ada") && !text.contains("@")) }
                }
            }
        }
    }

    static func withdrawalTellsOnlyPartnersThatReceivedAndOnlyOnce(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, clock) async throws in
            let repositories = store.repositories
            let person = try await Issue3Stores.person(repositories)
            let (acme, _) = try await repositories.partners.create(sharingDraft(), actor: "test")
            let (quiet, _) = try await repositories.partners.create(sharingDraft(name: "quiet"), actor: "test")
            _ = try await consent.record(person: person, purpose: "third_party_sharing", state: .granted, source: .explicit, evidence: [:], actor: "t")
            // Push is on for both: a grant queues one share for each.
            let pushes = try await repositories.webhookOutbox.list(status: .pending).filter { $0.type == .personShared }
            #expect(Set(pushes.map(\.partnerId)) == [acme.id, quiet.id])
            #expect(pushes.allSatisfy { $0.personId == person && $0.purpose == "third_party_sharing" })
            _ = try await consent.record(person: person, purpose: "third_party_sharing", state: .granted, source: .explicit, evidence: [:], actor: "t")
            #expect(try await repositories.webhookOutbox.list(status: .pending).filter { $0.type == .personShared }.count == 2, "no duplicate while one waits")

            let ref = try await repositories.partnerReferences.issue(partner: acme.id, person: person)
            try await repositories.shares.record(partner: acme, person: person, purpose: "third_party_sharing", categories: ["user.name"], channel: .pull, actor: "k")
            clock.advance(10)
            _ = try await consent.record(person: person, purpose: "third_party_sharing", state: .denied, source: .explicit, evidence: [:], actor: "t")
            let notices = try await repositories.webhookOutbox.list().filter { $0.type == .consentWithdrawn }
            #expect(notices.map(\.partnerId) == [acme.id])
            #expect(notices.first?.ref == ref && notices.first?.personId == nil && notices.first?.purpose == "third_party_sharing")
            clock.advance(10)
            _ = try await consent.record(person: person, purpose: "third_party_sharing", state: .denied, source: .explicit, evidence: [:], actor: "t")
            #expect(try await repositories.webhookOutbox.list().filter { $0.type == .consentWithdrawn }.count == 1, "nothing new was shared")
            // A GPC signal recorded later is a denial too: still nothing new to tell.
            try await consent.observe(PrivacySignals(gpc: true), for: person, evidence: [:])
            #expect(try await repositories.webhookOutbox.list().filter { $0.type == .consentWithdrawn }.count == 1)
        }
    }

    static func erasureLeavesNoticesThatHoldOnlyTheReference(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, _) async throws in
            let repositories = store.repositories
            let person = try await Issue3Stores.person(repositories)
            let (acme, _) = try await repositories.partners.create(sharingDraft(), actor: "test")
            let (never, _) = try await repositories.partners.create(sharingDraft(name: "never", push: false), actor: "test")
            _ = try await consent.record(person: person, purpose: "third_party_sharing", state: .granted, source: .explicit, evidence: [:], actor: "t")
            let ref = try await repositories.partnerReferences.issue(partner: acme.id, person: person)
            _ = try await repositories.partnerReferences.issue(partner: never.id, person: person)
            try await repositories.shares.record(partner: acme, person: person, purpose: "third_party_sharing", categories: ["user.name"], channel: .pull, actor: "k")
            #expect(try await repositories.people.erase(person, actor: "person:\(person)"))
            let left = try await repositories.webhookOutbox.list()
            #expect(left.map(\.type) == [.personErased], "the pending share went with the person")
            #expect(left.first?.partnerId == acme.id && left.first?.ref == ref && left.first?.personId == nil)
            for table in ["partner_refs", "partner_shares"] {
                let count = try await store.database.read { try await $0.first(SQL("SELECT COUNT(*) AS n FROM \(table)"))?.int("n") }
                #expect(count == 0, "\(table) still holds rows of the person")
            }
            let erase = try #require(try await repositories.audit.entries(after: 0, limit: 200).last { $0.action == "person.erase" })
            #expect(erase.details.contains("partnersNotified"))
        }
    }

    static func claimsAreLeasedDisjointAndOnlyTheHolderCompletes(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            let (acme, _) = try await repositories.partners.create(sharingDraft(), actor: "test")
            let (silent, _) = try await repositories.partners.create(sharingDraft(name: "silent", url: nil, push: false), actor: "test")
            try await repositories.webhookOutbox.enqueue((0..<40).map { NewWebhook(partnerId: acme.id, type: .personErased, ref: "pr_\($0)") })
            try await repositories.webhookOutbox.enqueue([NewWebhook(partnerId: silent.id, type: .personErased, ref: "pr_silent")])
            let second = try StoreBehaviours.secondStore(like: store)
            let claimed = try await second.withRunning {
                let other = try await second.prepare()
                return try await withThrowingTaskGroup(of: [String].self) { group in
                    for node in 0..<4 {
                        let outbox = node.isMultiple(of: 2) ? repositories.webhookOutbox : other.webhookOutbox
                        group.addTask {
                            var mine: [String] = []
                            while true {
                                let batch = try await outbox.claim(node: "node-\(node)", limit: 3, leaseMillis: 60_000)
                                if batch.isEmpty { return mine }
                                mine += batch.map(\.id)
                            }
                        }
                    }
                    return try await group.reduce(into: [[String]]()) { $0.append($1) }
                }
            }
            let all = claimed.flatMap { $0 }
            #expect(all.count == 40, "each claimed once: \(all.count)")
            #expect(Set(all).count == 40)
            #expect(try await repositories.webhookOutbox.claim(node: "late", limit: 10, leaseMillis: 1).isEmpty, "leased, and the silent partner has no URL")
            let someone = try #require(try await repositories.webhookOutbox.list().first { $0.partnerId == acme.id })
            let holder = try #require(try await store.database.read {
                try await $0.first(SQL("SELECT claimed_by FROM partner_webhooks WHERE id = ?", [.text(someone.id)]))?.optionalText("claimed_by")
            })
            #expect(try await repositories.webhookOutbox.complete(someone.id, node: "intruder", outcome: .delivered(status: 200), durationMillis: 1) == false)
            #expect(try await repositories.webhookOutbox.complete(someone.id, node: holder, outcome: .delivered(status: 204), durationMillis: 1))
            #expect(try await repositories.webhookOutbox.delivery(someone.id)?.delivery.status == .delivered)
            #expect(try await repositories.webhookOutbox.list(status: .pending).contains { $0.partnerId == silent.id }, "waits for a URL")
        }
    }

    static func failuresBackOffFailAndCanBeRetried(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let outbox = store.repositories.webhookOutbox
            let (acme, _) = try await store.repositories.partners.create(sharingDraft(), actor: "test")
            let id = try #require(try await outbox.enqueue([NewWebhook(partnerId: acme.id, type: .personErased, ref: "pr_x")]).first)
            var claimed = try await outbox.claim(node: "n", limit: 5, leaseMillis: 60_000)
            #expect(claimed.map(\.id) == [id])
            try await outbox.complete(id, node: "n", outcome: .failed(status: 503, error: "HTTP 503", retryAt: clock.now() + 5_000), durationMillis: 12)
            #expect(try await outbox.claim(node: "n", limit: 5, leaseMillis: 60_000).isEmpty, "not due yet")
            clock.advance(5_000)
            claimed = try await outbox.claim(node: "n", limit: 5, leaseMillis: 60_000)
            #expect(claimed.first?.attempts == 1)
            try await outbox.complete(id, node: "n", outcome: .failed(status: nil, error: "connect timeout", retryAt: nil), durationMillis: 5_000)
            let (failed, attempts) = try #require(try await outbox.delivery(id))
            #expect(failed.status == .failed && failed.attempts == 2 && failed.lastError == "connect timeout" && failed.lastStatus == nil)
            #expect(attempts.map(\.status) == [503, nil] && attempts.map(\.attempt) == [1, 2] && attempts.map(\.node) == ["n", "n"])
            #expect(try await outbox.list(status: .failed).map(\.id) == [id])
            #expect(try await outbox.retry(id, actor: "admin"))
            #expect(try await outbox.retry(id, actor: "admin") == false)
            #expect(try await outbox.claim(node: "n", limit: 5, leaseMillis: 60_000).map(\.id) == [id])
            let actions = try await store.repositories.audit.entries(after: 0, limit: 100).map(\.action)
            #expect(actions.contains("partner.webhook.failed") && actions.contains("partner.webhook.retry"))
        }
    }

    // MARK: - helpers

    static func sharingDraft(name: String = "acme", url: String? = "https://hooks.acme.example/custodian", push: Bool = true) -> PartnerDraft {
        PartnerDraft(
            name: name, contact: "privacy@\(name).example",
            grant: PartnerGrant(
                recipient: "partners", purposes: ["third_party_sharing"], categories: ["user.contact.email", "user.name"],
                sourceCategories: ["user.behavior", "user.name"]),
            webhookURL: url, push: push && url != nil)
    }
}
