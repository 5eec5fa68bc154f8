/// One question of a survey, as stored and as shown to people.
public struct SurveyQuestion: Codable, Sendable, Equatable {
    /// The kinds of question and the answer each takes.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// One option (`option` in an answer).
        case choice
        /// Any number of options (`options`).
        case multipleChoice = "multiple_choice"
        /// A whole number from `min` to `max` (`value`).
        case scale
        /// Free text (`text`), sealed when stored.
        case text
    }

    /// Stable within the survey; answers name it.
    public var id: String
    public var kind: Kind
    public var prompt: String
    /// Whether every response must answer it.
    public var required: Bool
    /// The options of a choice or multiple-choice question.
    public var options: [SurveyOption]?
    /// The range of a scale question.
    public var min: Int?
    public var max: Int?
    /// Words for the ends of a scale ("Not at all", "Very").
    public var minLabel: String?
    public var maxLabel: String?
    /// The longest answer a text question takes, in characters.
    public var maxLength: Int?

    public init(
        id: String, kind: Kind, prompt: String, required: Bool, options: [SurveyOption]? = nil, min: Int? = nil, max: Int? = nil,
        minLabel: String? = nil, maxLabel: String? = nil, maxLength: Int? = nil
    ) {
        self.id = id
        self.kind = kind
        self.prompt = prompt
        self.required = required
        self.options = options
        self.min = min
        self.max = max
        self.minLabel = minLabel
        self.maxLabel = maxLabel
        self.maxLength = maxLength
    }
}

/// One option of a choice question.
public struct SurveyOption: Codable, Sendable, Equatable {
    /// Stable within the question; answers name it.
    public var id: String
    public var label: String

    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}

/// A validated answer to one question.
public struct SurveyAnswer: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case choice(String)
        case choices([String])
        case scale(Int)
        case text(String)
    }

    public var questionId: String
    public var value: Value

    public init(questionId: String, value: Value) {
        self.questionId = questionId
        self.value = value
    }
}
