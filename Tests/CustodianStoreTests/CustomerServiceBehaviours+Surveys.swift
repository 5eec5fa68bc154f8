import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// Surveys in the store, run on every engine with the rest of ``CustomerServiceBehaviours``.
extension CustomerServiceBehaviours {
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
