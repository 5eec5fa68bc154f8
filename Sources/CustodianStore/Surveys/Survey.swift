import CustodianCore

/// Whether a survey takes responses.
public enum SurveyStatus: String, Sendable, CaseIterable, Codable {
    case open
    case closed
}

/// A survey and its questions.
public struct Survey: Sendable, Equatable {
    public var id: String
    public var title: String
    public var description: String?
    public var status: SurveyStatus
    /// Whether visitors without an account may answer.
    public var allowAnonymous: Bool
    public var questions: [SurveyQuestion]
    public var createdAt: Int64
    public var updatedAt: Int64
    public var closedAt: Int64?

    /// The question with this id.
    public func question(_ id: String) -> SurveyQuestion? {
        questions.first { $0.id == id }
    }
}

/// What can be known of a response without opening it.
public struct SurveyResponseSummary: Sendable, Equatable {
    public var id: String
    public var surveyId: String
    /// The person who answered; nil for a visitor.
    public var personId: String?
    /// The data key free-text answers are sealed with: the person's id, `survey-response:<id>` for
    /// a visitor who wrote text, nil when there is nothing sealed.
    public var keySubject: String?
    public var service: String?
    public var createdAt: Int64
}

/// A response read from storage, its free text still sealed; open it with ``SurveyStore/open(_:survey:access:)``.
public struct SurveyResponseRecord: Sendable {
    public var summary: SurveyResponseSummary
    let rows: [AnswerRow]

    struct AnswerRow: Sendable {
        var questionId: String
        var optionId: String?
        var value: Int64?
        var text: [UInt8]?
    }
}

/// A response with its answers, free text opened where an ``Access`` allowed it.
public struct SurveyResponse: Sendable, Equatable {
    public var summary: SurveyResponseSummary
    /// The answers, in the survey's question order.
    public var answers: [SurveyAnswer]
    /// Questions whose text answer exists but was not opened (the access did not cover it).
    public var withheld: [String]
}

/// Why a response was refused.
public enum SurveyResponseError: Error, Sendable, Equatable {
    /// The survey does not exist.
    case noSuchSurvey
    /// The survey is closed.
    case closed
    /// This person has answered already; the id of their response.
    case alreadyAnswered(String)
    /// The person does not exist (or has been erased).
    case noSuchPerson
}

/// Counts over a survey's answers: never the text itself.
public struct SurveyResults: Sendable, Equatable {
    public var responses: Int
    public var questions: [Question]

    public struct Question: Sendable, Equatable {
        public var id: String
        public var kind: SurveyQuestion.Kind
        /// Responses that answered it.
        public var answered: Int
        /// Choice questions: how often each option was chosen, in the question's order.
        public var options: [OptionCount]?
        /// Scale questions: how often each value was given, from `min` to `max`, and the mean.
        public var distribution: [ValueCount]?
        public var mean: Double?
        /// Text questions: how many wrote something (the texts are at the audited responses route).
        public var textAnswers: Int?
    }

    public struct OptionCount: Sendable, Equatable {
        public var option: String
        public var count: Int
    }

    public struct ValueCount: Sendable, Equatable {
        public var value: Int
        public var count: Int
    }
}
