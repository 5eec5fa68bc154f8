import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Surveys: questions, responses, results")
struct SurveysTests {
    static let survey = #"""
    {"title":"How are we doing?","description":"Two minutes.","questions":[
      {"kind":"choice","prompt":"Do you like it?","options":["Yes","No"],"required":true},
      {"id":"stars","kind":"scale","prompt":"How much?","min":1,"max":5,"minLabel":"Not at all","maxLabel":"Very"},
      {"kind":"text","prompt":"What should we change?","maxLength":50},
      {"kind":"multiple_choice","prompt":"Which parts?","options":[{"id":"web","label":"Pages"},{"id":"app","label":"Apps"}]}
    ]}
    """#

    /// Creates the sample survey (with `extra` fields) and returns its id.
    static func create(_ client: any TestClientProtocol, admin: String, anonymous: Bool = false) async throws -> String {
        let body = survey.replacingOccurrences(of: #""description":"Two minutes.","#, with: #""description":"Two minutes.","allowAnonymous":\#(anonymous),"#)
        let created = try await client.admin(.post, "/v1/admin/surveys", body, key: admin)
        #expect(created.status == .created, "\(created.raw)")
        return try #require(created.body["id"] as? String)
    }

    @Test func staffCreateAPersonAnswersOnceAndStaffCountAndRead() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let id = try await Self.create(client, admin: admin)
            let shown = try await client.json(.get, "/v1/surveys/\(id)")
            #expect(shown.status == .ok, "\(shown.raw)")
            let questions = shown.body["questions"] as? [[String: Any]] ?? []
            #expect(questions.map { $0["id"] as? String } == ["q1", "stars", "q3", "q4"])
            #expect((questions[0]["options"] as? [[String: Any]])?.map { $0["id"] as? String } == ["o1", "o2"])
            #expect(questions[1]["maxLabel"] as? String == "Very")
            #expect(shown.body["responses"] == nil, "response counts are for staff")
            #expect(Reply.items(try await client.json(.get, "/v1/surveys").body).map { $0["id"] as? String } == [id])

            let (person, token) = try await client.registerAndSignIn()
            let answers = #"{"answers":[{"question":"q1","option":"o1"},{"question":"stars","value":4},{"question":"q3","text":"Darker  colours\r\nplease"},{"question":"q4","options":["app","web"]}]}"#
            let answered = try await client.json(.post, "/v1/surveys/\(id)/responses", answers, token: token)
            #expect(answered.status == .created, "\(answered.raw)")
            let again = try await client.json(.post, "/v1/surveys/\(id)/responses", answers, token: token)
            #expect(again.status == .conflict)
            #expect(Reply.code(again.body) == "already_answered")
            let other = try await client.signUp(email: "bob@example.org")
            #expect(try await client.json(.post, "/v1/surveys/\(id)/responses", #"{"answers":[{"question":"q1","option":"o2"},{"question":"stars","value":1}]}"#, token: other).status == .created)

            let mine = try await client.json(.get, "/v1/people/me/surveys", token: token)
            #expect(mine.status == .ok, "\(mine.raw)")
            let own = try #require(Reply.items(mine.body).first)
            #expect(own["surveyTitle"] as? String == "How are we doing?")
            let ownAnswers = own["answers"] as? [[String: Any]] ?? []
            #expect(ownAnswers.first { $0["question"] as? String == "q3" }?["text"] as? String == "Darker  colours\nplease")
            #expect(ownAnswers.first { $0["question"] as? String == "q4" }?["options"] as? [String] == ["web", "app"])

            let results = try await client.admin(.get, "/v1/admin/surveys/\(id)/results", key: admin)
            #expect(results.status == .ok, "\(results.raw)")
            #expect(results.body["responses"] as? Int == 2)
            let counted = results.body["questions"] as? [[String: Any]] ?? []
            #expect((counted[0]["options"] as? [[String: Any]])?.map { $0["count"] as? Int } == [1, 1])
            #expect((counted[0]["options"] as? [[String: Any]])?.first?["label"] as? String == "Yes")
            #expect(counted[1]["mean"] as? Double == 2.5)
            #expect((counted[1]["distribution"] as? [[String: Any]])?.map { $0["count"] as? Int } == [1, 0, 0, 1, 0])
            #expect(counted[2]["textAnswers"] as? Int == 1)
            #expect(counted[3]["answered"] as? Int == 1)
            #expect(!results.raw.contains("Darker"), "results never carry the text")

            let responses = try await client.admin(.get, "/v1/admin/surveys/\(id)/responses", key: admin)
            #expect(responses.status == .ok, "\(responses.raw)")
            #expect(responses.raw.contains("Darker  colours"))
            #expect(Reply.items(responses.body).contains { $0["personId"] as? String == person })
            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 1_000)
            let reads = audit.filter { $0.action == "survey.responses.read" }
            #expect(reads.count == 2)
            #expect(reads.allSatisfy { $0.purpose == "functional.service.improve" && $0.categories == ["user.content.private"] })
            #expect(audit.contains { $0.action == "survey.respond" && $0.subject == person })
            #expect(!audit.contains { $0.details.contains("Darker") })

            let listed = try await client.admin(.get, "/v1/admin/surveys", key: admin)
            #expect(Reply.items(listed.body).first?["responses"] as? Int == 2)
            #expect(try await client.json(.get, "/v1/admin/surveys").status == .unauthorized)
        }
    }

    @Test(arguments: [
        (#"{"questions":[{"kind":"text","prompt":"Q"}]}"#, "title:required"),
        (#"{"title":"T"}"#, "questions:required"),
        (#"{"title":"T","questions":[]}"#, "questions:required"),
        (#"{"title":"T","questions":[{"kind":"essay","prompt":"Q"}]}"#, "questions[0].kind:invalid_choice"),
        (#"{"title":"T","questions":[{"prompt":"Q"}]}"#, "questions[0].kind:required"),
        (#"{"title":"T","questions":[{"kind":"text"}]}"#, "questions[0].prompt:required"),
        (#"{"title":"T","questions":[{"kind":"text","prompt":"Q"},{"kind":"choice","prompt":"Q","options":["One"]}]}"#, "questions[1].options:too_few"),
        (#"{"title":"T","questions":[{"kind":"choice","prompt":"Q"}]}"#, "questions[0].options:required"),
        (#"{"title":"T","questions":[{"kind":"choice","prompt":"Q","options":["A","a"]}]}"#, "questions[0].options[1].label:duplicate"),
        (#"{"title":"T","questions":[{"kind":"choice","prompt":"Q","options":["A",{"id":"x"}]}]}"#, "questions[0].options[1].label:required"),
        (#"{"title":"T","questions":[{"kind":"scale","prompt":"Q","min":5,"max":1}]}"#, "questions[0].max:invalid_range"),
        (#"{"title":"T","questions":[{"kind":"scale","prompt":"Q","min":0,"max":500}]}"#, "questions[0].max:invalid_range"),
        (#"{"title":"T","questions":[{"kind":"text","prompt":"Q","options":["A","B"]}]}"#, "questions[0].options:not_allowed"),
        (#"{"title":"T","questions":[{"kind":"choice","prompt":"Q","options":["A","B"],"min":1}]}"#, "questions[0].min:not_allowed"),
        (#"{"title":"T","questions":[{"kind":"text","prompt":"Q","maxLength":0}]}"#, "questions[0].maxLength:out_of_range"),
        (#"{"title":"T","questions":[{"id":"a","kind":"text","prompt":"Q"},{"id":"a","kind":"text","prompt":"R"}]}"#, "questions[1].id:duplicate"),
        (#"{"title":"T","questions":[{"id":"a b","kind":"text","prompt":"Q"}]}"#, "questions[0].id:invalid_format"),
        (#"{"title":"T","questions":[{"kind":"text","prompt":"Q","required":"yes"}]}"#, "questions[0].required:invalid_type"),
        (#"{"title":"T","questions":[{"kind":"scale","prompt":"Q","max":4.5}]}"#, "questions[0].max:invalid_type"),
        (#"{"title":"T","questions":[{"kind":"scale","prompt":"Q","max":"5"}]}"#, "questions[0].max:invalid_type"),
    ])
    func badSurveysNameTheField(body: String, expected: String) async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let reply = try await client.admin(.post, "/v1/admin/surveys", body, key: admin)
            #expect(reply.status == .unprocessableContent, "\(reply.raw)")
            #expect(Reply.fields(reply.body).contains(expected), "\(reply.raw)")
        }
    }

    @Test(arguments: [
        (#"{"answers":[{"question":"q1","option":"o9"}]}"#, "answers[0].option:unknown_option"),
        (#"{"answers":[{"question":"q1","option":"o1"},{"question":"stars","value":9}]}"#, "answers[1].value:out_of_range"),
        (#"{"answers":[{"question":"q1","option":"o1"},{"question":"stars","text":"five"}]}"#, "answers[1].text:not_allowed"),
        (#"{"answers":[{"question":"q1","option":"o1"},{"question":"q3","text":"\#(String(repeating: "x", count: 51))"}]}"#, "answers[1].text:too_long"),
        (#"{"answers":[{"question":"q1","option":"o1"},{"question":"q4","options":["web","web"]}]}"#, "answers[1].options[1]:duplicate"),
        (#"{"answers":[{"question":"q1","option":"o1"},{"question":"q4","options":["web","tv"]}]}"#, "answers[1].options[1]:unknown_option"),
        (#"{"answers":[{"question":"q1","option":"o1"},{"question":"nope","value":1}]}"#, "answers[1].question:unknown_question"),
        (#"{"answers":[{"question":"q1","option":"o1"},{"question":"q1","option":"o2"}]}"#, "answers[1].question:duplicate"),
        (#"{"answers":[{"question":"stars","value":3}]}"#, "answers:unanswered"),
        (#"{"answers":[{"question":"q1"}]}"#, "answers[0]:unanswered"),
        (#"{"answers":[{"option":"o1"}]}"#, "answers[0].question:required"),
        (#"{"answers":[{"question":"q1","option":"o1"},{"question":"stars","value":2.5}]}"#, "answers[1].value:invalid_type"),
        (#"{}"#, "answers:required"),
    ])
    func badAnswersNameTheAnswer(body: String, expected: String) async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let id = try await Self.create(client, admin: admin)
            let (_, token) = try await client.registerAndSignIn()
            let reply = try await client.json(.post, "/v1/surveys/\(id)/responses", body, token: token)
            #expect(reply.status == .unprocessableContent, "\(reply.raw)")
            #expect(Reply.fields(reply.body).contains(expected), "\(reply.raw)")
        }
    }

    @Test func visitorsAnswerOnlyAnonymousSurveysAndTheirTextIsSealedWithItsOwnKey() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test(keepData: true) { client in
            let closedToVisitors = try await Self.create(client, admin: admin)
            let open = try await Self.create(client, admin: admin, anonymous: true)
            let answers = #"{"answers":[{"question":"q1","option":"o2"},{"question":"q3","text":"Pangolin suggestion"}]}"#
            let refused = try await client.json(.post, "/v1/surveys/\(closedToVisitors)/responses", answers)
            #expect(refused.status == .unauthorized)
            for _ in 0..<2 {
                #expect(try await client.json(.post, "/v1/surveys/\(open)/responses", answers).status == .created)
            }
            let subjects = try await app.store.database.read { db in
                try await db.query(SQL("SELECT key_subject FROM survey_responses")).map { try $0.optionalText("key_subject") }
            }
            #expect(subjects.allSatisfy { $0?.hasPrefix("survey-response:") == true })
            let page = try await client.admin(.get, "/v1/admin/surveys/\(open)/responses?limit=1", key: admin)
            #expect(page.raw.contains("Pangolin suggestion"))
            #expect(Reply.items(page.body).first?["from"] as? String == "visitor")
            let next = try #require(page.body["next"] as? String)
            #expect(Reply.items(try await client.admin(.get, "/v1/admin/surveys/\(open)/responses?limit=1&cursor=\(next)", key: admin).body).count == 1)

            // Staff erase a visitor's response (its text may hold personal data): its key is shredded.
            let response = try #require(Reply.items(page.body).first?["id"] as? String)
            #expect(try await client.admin(.delete, "/v1/admin/surveys/\(closedToVisitors)/responses/\(response)", key: admin).status == .notFound)
            #expect(try await client.admin(.delete, "/v1/admin/surveys/\(open)/responses/\(response)", key: admin).status == .noContent)
            #expect(try await client.admin(.delete, "/v1/admin/surveys/\(open)/responses/\(response)", key: admin).status == .notFound)
            let key = try await app.store.database.read { try await $0.query(SQL("SELECT person_id FROM person_keys WHERE person_id = ?", [.text("survey-response:\(response)")])) }
            #expect(key.isEmpty)
            #expect(try await client.admin(.get, "/v1/admin/surveys/\(open)/results", key: admin).body["responses"] as? Int == 1)
            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 1_000)
            #expect(audit.contains { $0.action == "survey.response.erase" && $0.subject == "survey-response:\(response)" })
        }
        defer { try? FileManager.default.removeItem(atPath: app.directory) }
        try await app.store.database.close()
        #expect(!(try Reply.rawDatabase(app.directory)).contains("Pangolin"))
    }

    @Test func aClosedSurveyTakesNoMoreResponsesAndUnknownOnesAreNotFound() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let id = try await Self.create(client, admin: admin, anonymous: true)
            let closed = try await client.admin(.patch, "/v1/admin/surveys/\(id)", #"{"status":"closed"}"#, key: admin)
            #expect(closed.status == .ok, "\(closed.raw)")
            #expect(closed.body["status"] as? String == "closed")
            #expect(closed.body["closedAt"] != nil)
            let late = try await client.json(.post, "/v1/surveys/\(id)/responses", #"{"answers":[{"question":"q1","option":"o1"}]}"#)
            #expect(late.status == .conflict)
            #expect(Reply.code(late.body) == "survey_closed")
            #expect(try await client.json(.get, "/v1/surveys/\(id)").body["status"] as? String == "closed")
            #expect(Reply.items(try await client.json(.get, "/v1/surveys").body).isEmpty)
            #expect(Reply.fields(try await client.admin(.patch, "/v1/admin/surveys/\(id)", #"{"status":"archived"}"#, key: admin).body) == ["status:invalid_choice"])
            #expect(try await client.json(.get, "/v1/surveys/nope").status == .notFound)
            #expect(try await client.json(.post, "/v1/surveys/nope/responses", #"{"answers":[]}"#).status == .notFound)
            #expect(try await client.admin(.get, "/v1/admin/surveys/nope/results", key: admin).status == .notFound)
            #expect(try await client.admin(.patch, "/v1/admin/surveys/nope", #"{"status":"closed"}"#, key: admin).status == .notFound)
            #expect(Reply.items(try await client.admin(.get, "/v1/admin/surveys?status=closed", key: admin).body).count == 1)
        }
    }

    @Test func erasingTheAccountErasesThePersonsResponses() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let id = try await Self.create(client, admin: admin)
            let (_, token) = try await client.registerAndSignIn()
            _ = try await client.json(.post, "/v1/surveys/\(id)/responses", #"{"answers":[{"question":"q1","option":"o1"},{"question":"q3","text":"Gone soon"}]}"#, token: token)
            #expect(try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token).status == .noContent)
            let results = try await client.admin(.get, "/v1/admin/surveys/\(id)/results", key: admin)
            #expect(results.body["responses"] as? Int == 0)
            let answers = try await app.store.database.read { try await $0.first(SQL("SELECT COUNT(*) AS n FROM survey_answers"))?.int("n") }
            #expect(answers == 0)
        }
    }

    @Test func aPersonWhoHasNotAcceptedTheCurrentPolicyIsAskedFirst() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let id = try await Self.create(client, admin: admin)
            // A person made directly in the store has accepted nothing.
            let person = try await app.store.repositories.people.create(
                attributes: [PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Ada")], lookups: [], actor: "test")
            let token = try await app.store.repositories.sessions.create(person: person, channel: "api", software: nil, network: nil, lifetimeMillis: 60_000).token
            let reply = try await client.json(.post, "/v1/surveys/\(id)/responses", #"{"answers":[{"question":"q1","option":"o1"}]}"#, token: token)
            #expect(reply.status == .preconditionRequired, "\(reply.raw)")
            #expect(Reply.code(reply.body) == "policy_acceptance_required")
            // Contacting customer service needs no acceptance: it is how people ask about the policy.
            #expect(try await client.json(.post, "/v1/contact", #"{"subject":"Your policy","body":"A question."}"#, token: token).status == .created)
        }
    }
}
