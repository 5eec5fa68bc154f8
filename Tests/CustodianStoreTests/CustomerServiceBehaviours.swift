import Crypto
import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// Contact messages and surveys in the store, written once and run on every engine
/// (see ``CustomerServiceSQLiteTests`` and ``CustomerServicePostgresTests``).
enum CustomerServiceBehaviours {
    static func personAndVisitorMessagesAreSealedAndOpenOnlyWithTheirAccess(_ engine: Engine) async throws {
        try await withGate(engine) { (store, consent, clock) async throws in
            let messages = store.repositories.contactMessages
            let person = try await Issue3Stores.person(store.repositories)
            let own = try await messages.create(
                ContactDraft(sender: .person(person), topic: .account, subject: "Cannot change my email", body: "My new address is rejected."),
                actor: "person:\(person)")
            clock.advance(1_000)
            let visitor = try await messages.create(visitorDraft(), actor: "anonymous")
            #expect(own.keySubject == person)
            #expect(visitor.keySubject == "contact:\(visitor.id)")
            #expect(visitor.isFromVisitor && !own.isFromVisitor)

            // Nothing readable at rest: not the contents, not the visitor's details.
            let rows = try await store.database.read { try await $0.query(SQL("SELECT * FROM contact_messages")) }
            #expect(rows.count == 2)
            for row in rows {
                for value in row.values {
                    guard case .blob(let bytes) = value else { continue }
                    for secret in ["Cannot change", "rejected", "Grace Visitor", "grace@example.net", "+442079460958", "my data"] {
                        #expect(!StoreBehaviours.contains(bytes, Array(secret.utf8)), "plaintext at rest: \(secret)")
                    }
                }
            }

            // The person's access opens their message and nothing of the visitor's.
            let personAccess = try await consent.authorize(
                person: person, purpose: ContactRules.purpose, categories: ContactRules.categories, actor: "test").get()
            let mine = try await messages.messages(of: person, access: personAccess)
            #expect(mine.map(\.subject) == ["Cannot change my email"])
            #expect(try await messages.message(visitor.id, access: personAccess) == nil)

            // The visitor's message opens with an access for its own key subject.
            let visitorAccess = try consent.gate.authorize(
                subject: visitor.keySubject, consent: [:], purpose: ContactRules.purpose, categories: ContactRules.categories,
                signals: .none, hasAccount: true).get()
            let opened = try #require(try await messages.message(visitor.id, access: visitorAccess))
            #expect(opened.body == "Please tell me what you hold about me: my data.")
            #expect(opened.visitorName == "Grace Visitor")
            #expect(opened.visitorEmail == "grace@example.net")
            #expect(opened.visitorPhone == "+442079460958")
            #expect(try await messages.message(own.id, access: visitorAccess) == nil)

            // An access that does not cover the contact details opens the contents only.
            let contentOnly = try consent.gate.authorize(
                subject: visitor.keySubject, consent: [:], purpose: ContactRules.purpose, categories: [ContactRules.contentCategory],
                signals: .none, hasAccount: true).get()
            let partial = try #require(try await messages.message(visitor.id, access: contentOnly))
            #expect(partial.visitorEmail == nil && partial.visitorName == nil && partial.body.hasPrefix("Please"))

            let actions = try await store.repositories.audit.entries().map(\.action)
            #expect(actions.filter { $0 == "contact.create" }.count == 2)
        }
    }

    static func visitorsAreFoundByEmailAndErasedByShreddingTheirKey(_ engine: Engine) async throws {
        try await withGate(engine) { (store, consent, clock) async throws in
            let messages = store.repositories.contactMessages
            let first = try await messages.create(visitorDraft(), actor: "anonymous")
            clock.advance(10)
            let second = try await messages.create(visitorDraft(), actor: "anonymous")
            clock.advance(10)
            _ = try await messages.create(visitorDraft(name: "Other", email: "other@example.net", lookup: "other@example.net"), actor: "anonymous")

            let found = try await messages.messages(fromVisitorEmail: "grace@example.net", actor: "staff")
            #expect(found.map(\.id) == [second.id, first.id])
            let digests = try await store.database.read { try await $0.query(SQL("SELECT email_digest FROM contact_messages")) }
            for row in digests { #expect(!StoreBehaviours.contains(try row.blob("email_digest"), Array("grace".utf8))) }

            #expect(try await messages.erase(first.id, actor: "staff"))
            #expect(try await messages.erase(first.id, actor: "staff") == false)
            #expect(try await messages.summary(id: first.id) == nil)
            #expect(try await store.repositories.keyring.dataKey(for: first.keySubject, in: SQLReadAdapter(database: store.database)) == nil)
            #expect(try await messages.messages(fromVisitorEmail: "grace@example.net", actor: "staff").map(\.id) == [second.id])
            // The other message of the same visitor still opens: each message has its own key.
            let access = try consent.gate.authorize(
                subject: second.keySubject, consent: [:], purpose: ContactRules.purpose, categories: ContactRules.categories, signals: .none,
                hasAccount: true).get()
            #expect(try await messages.message(second.id, access: access)?.visitorName == "Grace Visitor")
            let audit = try await store.repositories.audit.entries()
            #expect(audit.contains { $0.action == "contact.erase" && $0.subject == first.keySubject })
            #expect(audit.filter { $0.action == "contact.search" }.count == 2)
            #expect(!audit.contains { $0.details.contains("grace") })
        }
    }

    static func messagesAreListedNewestFirstByPageAndStatus(_ engine: Engine) async throws {
        try await withGate(engine) { (store, _, clock) async throws in
            let messages = store.repositories.contactMessages
            var ids: [String] = []
            for index in 0..<5 {
                ids.append(try await messages.create(visitorDraft(topic: index.isMultiple(of: 2) ? .privacy : .other), actor: "anonymous").id)
                clock.advance(1_000)
            }
            let firstPage = try await messages.list(limit: 2)
            #expect(firstPage.map(\.id) == [ids[4], ids[3]])
            let cursor = try #require(PageCursor(token: PageCursor(createdAt: firstPage[1].createdAt, id: firstPage[1].id).token))
            let secondPage = try await messages.list(limit: 2, after: cursor)
            #expect(secondPage.map(\.id) == [ids[2], ids[1]])
            #expect(try await messages.list(topic: .privacy, limit: 10).map(\.id) == [ids[4], ids[2], ids[0]])

            let changed = try #require(try await messages.setStatus(ids[1], to: .answered, actor: "staff"))
            #expect(changed.status == .answered && changed.updatedAt > changed.createdAt)
            #expect(try await messages.setStatus("nope", to: .closed, actor: "staff") == nil)
            #expect(try await messages.list(status: .answered, limit: 10).map(\.id) == [ids[1]])
            #expect(try await messages.list(status: .open, limit: 10).count == 4)
            let entry = try #require(try await store.repositories.audit.entries(after: 0, limit: 100).last)
            #expect(entry.action == "contact.status")
            #expect(entry.details.contains("answered"))
        }
    }

    static func erasingAPersonRemovesTheirMessagesAndResponses(_ engine: Engine) async throws {
        try await withGate(engine) { (store, _, _) async throws in
            let repositories = store.repositories
            let person = try await Issue3Stores.person(repositories)
            let keep = try await Issue3Stores.person(repositories)
            _ = try await repositories.contactMessages.create(
                ContactDraft(sender: .person(person), topic: .privacy, subject: "Erase me", body: "Please."), actor: "person:\(person)")
            _ = try await repositories.contactMessages.create(
                ContactDraft(sender: .person(keep), topic: .other, subject: "Keep me", body: "Thanks."), actor: "person:\(keep)")
            let survey = try await repositories.surveys.create(sampleSurvey(), actor: "staff")
            _ = try await repositories.surveys.submit(sampleAnswers(text: "Erase this answer"), to: survey.id, person: person, actor: "person:\(person)")
            _ = try await repositories.surveys.submit(sampleAnswers(text: "Keep this answer"), to: survey.id, person: keep, actor: "person:\(keep)")

            #expect(try await repositories.people.erase(person, actor: "person:\(person)"))
            let counts = try await store.database.read { db in
                (
                    try await db.first(SQL("SELECT COUNT(*) AS n FROM contact_messages WHERE person_id = ?", [.text(person)]))?.int("n"),
                    try await db.first(SQL("SELECT COUNT(*) AS n FROM survey_responses WHERE person_id = ?", [.text(person)]))?.int("n"),
                    try await db.first(SQL("SELECT COUNT(*) AS n FROM survey_answers"))?.int("n"),
                    try await db.first(SQL("SELECT COUNT(*) AS n FROM contact_messages"))?.int("n")
                )
            }
            #expect(counts.0 == 0)
            #expect(counts.1 == 0)
            #expect(counts.2 == 4, "only the kept person's four answers remain")
            #expect(counts.3 == 1)
            let results = try await repositories.surveys.results(of: survey)
            #expect(results.responses == 1)
        }
    }

    static func visitorKeysAreRewrappedByKeyRotation(_ engine: Engine) async throws {
        try await withGate(engine) { (store, consent, _) async throws in
            let message = try await store.repositories.contactMessages.create(visitorDraft(), actor: "anonymous")
            let newKey = SymmetricKey(size: .bits256)
            _ = try await KeyRotation.rewrap(database: store.database, from: store.masterKeys, to: newKey)
            // A store that knows only the new master key opens the visitor's message.
            let rotated = Keyring(database: store.database, masterKeys: MasterKeys(current: newKey, source: .environment), now: store.now)
            let messages = ContactMessageStore(database: store.database, keyring: rotated, audit: store.repositories.audit, now: store.now)
            let access = try consent.gate.authorize(
                subject: message.keySubject, consent: [:], purpose: ContactRules.purpose, categories: ContactRules.categories, signals: .none,
                hasAccount: true).get()
            #expect(try await messages.message(message.id, access: access)?.visitorEmail == "grace@example.net")
        }
    }

    // MARK: - helpers

    /// A store with the default policy recorded, a consent service over it, and the store's clock.
    static func withGate(_ engine: Engine, _ body: @Sendable (CustodianStore, ConsentService, Issue3Stores.Clock) async throws -> Void) async throws {
        let clock = Issue3Stores.Clock()
        try await Issue3Stores.withStore(engine, clock: clock) { store in
            let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
            _ = try await store.repositories.policyVersions.record(policy, yaml: DefaultPolicy.yaml)
            try await body(store, ConsentService(policy: CompiledPolicy(policy), repositories: store.repositories), clock)
        }
    }

    static func visitorDraft(
        name: String = "Grace Visitor", email: String = "grace@example.net", lookup: String = "grace@example.net", topic: ContactTopic = .privacy
    ) -> ContactDraft {
        ContactDraft(
            sender: .visitor(ContactVisitor(name: name, email: email, phone: "+442079460958"), emailLookup: lookup), topic: topic,
            subject: "Access request", body: "Please tell me what you hold about me: my data.")
    }
}
