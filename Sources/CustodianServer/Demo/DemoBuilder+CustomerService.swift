import CustodianCore
import Foundation

extension DemoBuilder {
    /// Messages to customer service from some people and a few visitors, and a reader survey
    /// with a choice, a scale and a free-text question that a tenth of the people answered.
    func makeCustomerService(_ state: inout DemoState) async throws {
        var random = DemoRandom(seed: configuration.seed, stream: "customer-service")
        let subjects: [(String, String, String)] = [
            ("account", "Cannot change my email address", "I tried to change my email address in the app but it keeps the old one. Can you help?"),
            ("privacy", "What do you keep about me?", "I would like to know which data you hold about me and for how long."),
            ("technical", "Videos stop after a minute", "On my phone the videos stop playing after about a minute, on wifi and on mobile data."),
            ("feedback", "More cycling please", "I love the cycling coverage; more long reads about the mountain stages would be great."),
            ("other", "Newsletter frequency", "Is there a way to get the newsletter weekly instead of daily?"),
        ]
        let writers = state.people.filter { _ in random.chance(0.05) }
        let sent = try await Self.concurrently(writers.count, width: configuration.concurrency) { index in
            let person = writers[index]
            let (topic, subject, body) = subjects[index % subjects.count]
            _ = try await contact.send(
                ContactActions.Submission(subject: subject, body: body, topic: topic), person: person.id, remoteIP: person.ip,
                service: nil, actor: "person:\(person.id)", requestId: "demo")
            return 1
        }
        state.contactMessages += sent.count
        for visitor in 0..<max(1, configuration.people / 200) {
            _ = try await contact.send(
                ContactActions.Submission(
                    subject: "A question before I register", body: "Do I need an account to read the long reads?", topic: "other",
                    name: "Visitor \(visitor + 1)", email: "visitor.\(visitor + 1)@example.net"),
                person: nil, remoteIP: "192.0.2.\(200 + visitor % 50)", service: nil, actor: "anonymous", requestId: "demo")
            state.contactMessages += 1
        }
        let survey = try await surveys.create(
            SurveyDraft(
                title: "How do you read the Daily?", description: "Three questions; it takes a minute.", allowAnonymous: false,
                questions: [
                    .init(id: "where", kind: "choice", prompt: "Where do you read us most?", required: true,
                          options: [.init(id: "web", label: "On the website"), .init(id: "app", label: "In the app"), .init(id: "both", label: "Both")]),
                    .init(id: "recommend", kind: "scale", prompt: "How likely are you to recommend us to a friend?", required: true, min: 0, max: 10,
                          minLabel: "Not at all", maxLabel: "Very likely"),
                    .init(id: "wish", kind: "text", prompt: "What should we write more about?", required: false, maxLength: 500),
                ]),
            actor: "demo", requestId: "demo")
        let wishes = ["More science explainers.", "Longer football analysis.", "Recipes for one person.", "Local travel ideas.", ""]
        let respondents = state.people.filter { _ in random.chance(0.1) }
        let answers = respondents.map { person -> SurveySubmission in
            var list: [SurveySubmission.Answer] = [
                .init(question: "where", option: person.home == "daily-ios" ? "app" : "web"),
                .init(question: "recommend", value: min(10, 4 + person.interests.count * 2 + person.email.count % 3)),
            ]
            let wish = wishes[person.email.count % wishes.count]
            if !wish.isEmpty { list.append(.init(question: "wish", text: wish)) }
            return SurveySubmission(answers: list)
        }
        let serviceIds = state.services.mapValues(\.id)
        let responded = try await Self.concurrently(respondents.count, width: configuration.concurrency) { index in
            let person = respondents[index]
            _ = try await surveys.respond(
                to: survey.id, answers[index], person: person.id, remoteIP: person.ip, service: serviceIds[person.home],
                actor: "person:\(person.id)", requestId: "demo")
            return 1
        }
        state.surveyResponses += responded.count
    }
}
