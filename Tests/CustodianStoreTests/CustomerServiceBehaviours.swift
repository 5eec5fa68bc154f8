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

    static func surveyResultsCountWithoutTextAndTextOpensOnlyWithAccess(_ engine: Engine) async throws {
        try await withGate(engine) { (store, consent, clock) async throws in
            let surveys = store.repositories.surveys
            let survey = try await surveys.create(sampleSurvey(allowAnonymous: true), actor: "staff")
            let ada = try await Issue3Stores.person(store.repositories)
            let bob = try await Issue3Stores.person(store.repositories)
            _ = try await surveys.submit(sampleAnswers(choice: "o1", scale: 5, text: "Faster pages, please"), to: survey.id, person: ada, actor: "t")
            clock.advance(10)
            _ = try await surveys.submit(sampleAnswers(choice: "o2", scale: 2, text: nil), to: survey.id, person: bob, actor: "t")
            clock.advance(10)
            let visitor = try await surveys.submit(
                sampleAnswers(choice: "o1", scale: 4, text: "A visitor's idea", pick: ["b", "a"]), to: survey.id, person: nil, actor: "anonymous")
            #expect(visitor.keySubject == "survey-response:\(visitor.id)")

            let results = try await surveys.results(of: survey)
            #expect(results.responses == 3)
            let choice = try #require(results.questions.first { $0.id == "q1" })
            #expect(choice.options == [.init(option: "o1", count: 2), .init(option: "o2", count: 1)])
            #expect(choice.answered == 3)
            let scale = try #require(results.questions.first { $0.id == "q2" })
            #expect(scale.mean == 11.0 / 3.0)
            #expect(scale.distribution?.map(\.count) == [0, 1, 0, 1, 1])
            let text = try #require(results.questions.first { $0.id == "q3" })
            #expect(text.textAnswers == 2 && text.answered == 2)
            let multiple = try #require(results.questions.first { $0.id == "q4" })
            #expect(multiple.options == [.init(option: "a", count: 3), .init(option: "b", count: 1)])
            #expect(multiple.answered == 3)

            let texts = try await store.database.read { try await $0.query(SQL("SELECT text FROM survey_answers WHERE text IS NOT NULL")) }
            #expect(texts.count == 2)
            for row in texts {
                let bytes = try row.blob("text")
                #expect(!StoreBehaviours.contains(bytes, Array("Faster".utf8)) && !StoreBehaviours.contains(bytes, Array("visitor's".utf8)))
            }

            // Staff page: Ada's text opens with her access; the visitor's is withheld without one.
            let records = try await surveys.records(of: survey.id, limit: 10)
            #expect(records.map(\.summary.personId) == [nil, bob, ada])
            let adaAccess = try await consent.authorize(person: ada, purpose: SurveyRules.purpose, categories: [SurveyRules.category], actor: "t").get()
            let opened = try await surveys.open(records, survey: survey, accesses: [ada: adaAccess], actor: "staff")
            #expect(opened[2].answers.contains(SurveyAnswer(questionId: "q3", value: .text("Faster pages, please"))))
            #expect(opened[0].withheld == ["q3"])
            #expect(opened[0].answers.contains(SurveyAnswer(questionId: "q4", value: .choices(["a", "b"]))))
            let reads = try await store.repositories.audit.entries().filter { $0.action == "survey.responses.read" }
            #expect(Set(reads.compactMap(\.subject)) == [ada, bob, visitor.keySubject!])

            // A person's own list.
            let own = try await surveys.responses(of: ada, access: adaAccess)
            #expect(own.map(\.survey.id) == [survey.id])
            #expect(own.first?.response.answers.first == SurveyAnswer(questionId: "q1", value: .choice("o1")))

            // Erasing the visitor's response shreds its own key; Ada's key is hers and stays.
            #expect(try await surveys.erase(response: visitor.id, of: survey.id, actor: "staff"))
            #expect(try await surveys.erase(response: visitor.id, of: survey.id, actor: "staff") == false)
            let adaRecord = try #require(try await surveys.records(of: survey.id, limit: 10).first { $0.summary.personId == ada })
            #expect(try await surveys.erase(response: adaRecord.summary.id, of: "another-survey", actor: "staff") == false)
            let keys = SQLReadAdapter(database: store.database)
            #expect(try await store.repositories.keyring.dataKey(for: visitor.keySubject!, in: keys) == nil)
            #expect(try await store.repositories.keyring.dataKey(for: ada, in: keys) != nil)
            #expect(try await surveys.results(of: survey).responses == 2)
        }
    }

    static func onePersonAnswersOnceAndClosedSurveysRefuse(_ engine: Engine) async throws {
        try await withGate(engine) { (store, _, _) async throws in
            let surveys = store.repositories.surveys
            let survey = try await surveys.create(sampleSurvey(), actor: "staff")
            let person = try await Issue3Stores.person(store.repositories)
            // Two at once: exactly one is stored, the other is told which.
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            return try await surveys.submit(sampleAnswers(text: nil), to: survey.id, person: person, actor: "t").id
                        } catch SurveyResponseError.alreadyAnswered(let existing) {
                            return "again:\(existing)"
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let stored = try #require(outcomes.first { !$0.hasPrefix("again:") })
            #expect(outcomes.contains("again:\(stored)"))
            await #expect(throws: SurveyResponseError.alreadyAnswered(stored)) {
                _ = try await surveys.submit(sampleAnswers(text: nil), to: survey.id, person: person, actor: "t")
            }
            let closed = try #require(try await surveys.setStatus(survey.id, to: .closed, actor: "staff"))
            #expect(closed.status == .closed && closed.closedAt != nil)
            await #expect(throws: SurveyResponseError.closed) {
                _ = try await surveys.submit(sampleAnswers(text: nil), to: survey.id, person: nil, actor: "anonymous")
            }
            await #expect(throws: SurveyResponseError.noSuchSurvey) {
                _ = try await surveys.submit(sampleAnswers(text: nil), to: "missing", person: nil, actor: "anonymous")
            }
            #expect(try await surveys.find(survey.id)?.questions == survey.questions)
            #expect(try await surveys.list(status: .open).isEmpty)
            #expect(try await surveys.responseCounts() == [survey.id: 1])
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

    static func sampleSurvey(allowAnonymous: Bool = false) throws -> ValidSurvey {
        try SurveyDraft(
            title: "How are we doing?", allowAnonymous: allowAnonymous,
            questions: [
                .init(kind: "choice", prompt: "Do you like it?", required: true, options: [.init(label: "Yes"), .init(label: "No")]),
                .init(kind: "scale", prompt: "How much?", min: 1, max: 5),
                .init(kind: "text", prompt: "What should we change?"),
                .init(kind: "multiple_choice", prompt: "Which parts?", options: [.init(id: "a", label: "Pages"), .init(id: "b", label: "Apps")]),
            ]
        ).validate()
    }

    static func sampleAnswers(choice: String = "o1", scale: Int = 3, text: String?, pick: [String] = ["a"]) -> [SurveyAnswer] {
        [
            SurveyAnswer(questionId: "q1", value: .choice(choice)), SurveyAnswer(questionId: "q2", value: .scale(scale)),
            SurveyAnswer(questionId: "q4", value: .choices(pick)),
        ] + (text.map { [SurveyAnswer(questionId: "q3", value: .text($0))] } ?? [])
    }
}
