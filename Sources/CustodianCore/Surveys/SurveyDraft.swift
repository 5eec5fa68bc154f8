/// A survey as an administrator sends it. Every field is optional so that validation can name
/// each missing or wrong one in a single answer.
public struct SurveyDraft: Decodable, Sendable {
    public var title: String?
    public var description: String?
    /// Whether visitors without an account may answer.
    public var allowAnonymous: Bool?
    public var questions: [Question]?

    public init(title: String? = nil, description: String? = nil, allowAnonymous: Bool? = nil, questions: [Question]? = nil) {
        self.title = title
        self.description = description
        self.allowAnonymous = allowAnonymous
        self.questions = questions
    }

    /// A question as sent.
    public struct Question: Decodable, Sendable {
        public var id: String?
        public var kind: String?
        public var prompt: String?
        public var required: Bool?
        public var options: [Option]?
        public var min: WholeNumber
        public var max: WholeNumber
        public var minLabel: String?
        public var maxLabel: String?
        public var maxLength: WholeNumber

        public init(
            id: String? = nil, kind: String? = nil, prompt: String? = nil, required: Bool? = nil, options: [Option]? = nil,
            min: Int? = nil, max: Int? = nil, minLabel: String? = nil, maxLabel: String? = nil, maxLength: Int? = nil
        ) {
            self.id = id
            self.kind = kind
            self.prompt = prompt
            self.required = required
            self.options = options
            self.min = min.map(WholeNumber.whole) ?? .absent
            self.max = max.map(WholeNumber.whole) ?? .absent
            self.minLabel = minLabel
            self.maxLabel = maxLabel
            self.maxLength = maxLength.map(WholeNumber.whole) ?? .absent
        }

        enum CodingKeys: String, CodingKey { case id, kind, prompt, required, options, min, max, minLabel, maxLabel, maxLength }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            kind = try container.decodeIfPresent(String.self, forKey: .kind)
            prompt = try container.decodeIfPresent(String.self, forKey: .prompt)
            required = try container.decodeIfPresent(Bool.self, forKey: .required)
            options = try container.decodeIfPresent([Option].self, forKey: .options)
            min = try container.decodeWholeNumber(forKey: .min)
            max = try container.decodeWholeNumber(forKey: .max)
            minLabel = try container.decodeIfPresent(String.self, forKey: .minLabel)
            maxLabel = try container.decodeIfPresent(String.self, forKey: .maxLabel)
            maxLength = try container.decodeWholeNumber(forKey: .maxLength)
        }
    }

    /// An option as sent: `"Yes"` or `{"id": "yes", "label": "Yes"}`.
    public struct Option: Decodable, Sendable {
        public var id: String?
        public var label: String?

        public init(id: String? = nil, label: String?) {
            self.id = id
            self.label = label
        }

        enum CodingKeys: String, CodingKey { case id, label }

        public init(from decoder: any Decoder) throws {
            if let single = try? decoder.singleValueContainer(), let label = try? single.decode(String.self) {
                self.init(label: label)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(id: try container.decodeIfPresent(String.self, forKey: .id), label: try container.decodeIfPresent(String.self, forKey: .label))
        }
    }
}

/// A survey that passed validation: normalised texts, every question and option with an id.
public struct ValidSurvey: Sendable, Equatable {
    public var title: String
    public var description: String?
    public var allowAnonymous: Bool
    public var questions: [SurveyQuestion]
}
