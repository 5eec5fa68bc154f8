import CustodianCore
import CustodianStore
import Foundation

/// The JSON shapes of surveys, responses and results.
enum SurveyViews {
    /// A survey with its questions; `responses` only for staff.
    struct SurveyView: Encodable {
        var id: String
        var title: String
        var description: String?
        var status: String
        var allowAnonymous: Bool
        var questions: [SurveyQuestion]
        var createdAt: Date
        var closedAt: Date?
        var responses: Int?

        init(_ survey: Survey, responses: Int? = nil) {
            id = survey.id
            title = survey.title
            description = survey.description
            status = survey.status.rawValue
            allowAnonymous = survey.allowAnonymous
            questions = survey.questions
            createdAt = ContactViews.date(survey.createdAt)
            closedAt = survey.closedAt.map(ContactViews.date)
            self.responses = responses
        }
    }

    /// An open survey in the public list: no questions.
    struct Listed: Encodable {
        var id: String
        var title: String
        var description: String?
        var allowAnonymous: Bool
        var questions: Int

        init(_ survey: Survey) {
            id = survey.id
            title = survey.title
            description = survey.description
            allowAnonymous = survey.allowAnonymous
            questions = survey.questions.count
        }
    }

    /// One answer: the field its question's kind takes; `withheld` when a text exists but the
    /// purpose gate did not let it be opened.
    struct Answer: Encodable {
        var question: String
        var option: String?
        var options: [String]?
        var value: Int?
        var text: String?
        var withheld: Bool?

        init(_ answer: SurveyAnswer) {
            question = answer.questionId
            switch answer.value {
            case .choice(let choice): option = choice
            case .choices(let choices): options = choices
            case .scale(let scale): value = scale
            case .text(let written): text = written
            }
        }

        init(withheld question: String) {
            self.question = question
            withheld = true
        }

        static func all(_ response: SurveyResponse) -> [Answer] {
            response.answers.map(Answer.init) + response.withheld.map(Answer.init(withheld:))
        }
    }

    /// The answer to responding.
    struct Receipt: Encodable {
        var id: String
        var survey: String
        var createdAt: Date
    }

    /// A response as staff see it.
    struct Response: Encodable {
        var id: String
        var from: String
        var personId: String?
        var service: String?
        var createdAt: Date
        var answers: [Answer]

        init(_ response: SurveyResponse) {
            id = response.summary.id
            from = response.summary.personId == nil ? "visitor" : "person"
            personId = response.summary.personId
            service = response.summary.service
            createdAt = ContactViews.date(response.summary.createdAt)
            answers = Answer.all(response)
        }
    }

    /// A response as its person sees it, with the survey it answers.
    struct Own: Encodable {
        var id: String
        var survey: String
        var surveyTitle: String
        var surveyStatus: String
        var createdAt: Date
        var answers: [Answer]

        init(_ answered: SurveyStore.AnsweredSurvey) {
            id = answered.response.summary.id
            survey = answered.survey.id
            surveyTitle = answered.survey.title
            surveyStatus = answered.survey.status.rawValue
            createdAt = ContactViews.date(answered.response.summary.createdAt)
            answers = Answer.all(answered.response)
        }
    }

    /// Counts over a survey's answers.
    struct Results: Encodable {
        var survey: String
        var title: String
        var status: String
        var responses: Int
        var questions: [Question]

        struct Question: Encodable {
            var id: String
            var kind: String
            var prompt: String
            var answered: Int
            var options: [OptionCount]?
            var distribution: [ValueCount]?
            var mean: Double?
            var textAnswers: Int?
        }

        struct OptionCount: Encodable {
            var id: String
            var label: String
            var count: Int
        }

        struct ValueCount: Encodable {
            var value: Int
            var count: Int
        }

        init(_ results: SurveyResults, survey: Survey) {
            self.survey = survey.id
            title = survey.title
            status = survey.status.rawValue
            responses = results.responses
            questions = results.questions.map { result in
                let question = survey.question(result.id)
                let labels = Dictionary((question?.options ?? []).map { ($0.id, $0.label) }) { first, _ in first }
                return Question(
                    id: result.id, kind: result.kind.rawValue, prompt: question?.prompt ?? "", answered: result.answered,
                    options: result.options?.map { OptionCount(id: $0.option, label: labels[$0.option] ?? "", count: $0.count) },
                    distribution: result.distribution?.map { ValueCount(value: $0.value, count: $0.count) },
                    mean: result.mean.map { ($0 * 100).rounded() / 100 }, textAnswers: result.textAnswers)
            }
        }
    }
}
