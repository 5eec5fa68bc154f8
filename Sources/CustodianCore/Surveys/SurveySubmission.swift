/// A response as a person or visitor sends it: `{"answers": [{"question": "q1", "option": "o2"}, …]}`.
///
/// Each answer names its question and carries the one field the question's kind takes:
/// `option` (choice), `options` (multiple choice), `value` (scale) or `text` (text).
public struct SurveySubmission: Decodable, Sendable {
    public var answers: [Answer]?

    public init(answers: [Answer]?) {
        self.answers = answers
    }

    /// One answer as sent.
    public struct Answer: Decodable, Sendable {
        public var question: String?
        public var option: String?
        public var options: [String]?
        public var value: WholeNumber
        public var text: String?

        public init(question: String?, option: String? = nil, options: [String]? = nil, value: Int? = nil, text: String? = nil) {
            self.question = question
            self.option = option
            self.options = options
            self.value = value.map(WholeNumber.whole) ?? .absent
            self.text = text
        }

        enum CodingKeys: String, CodingKey { case question, option, options, value, text }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            question = try container.decodeIfPresent(String.self, forKey: .question)
            option = try container.decodeIfPresent(String.self, forKey: .option)
            options = try container.decodeIfPresent([String].self, forKey: .options)
            value = try container.decodeWholeNumber(forKey: .value)
            text = try container.decodeIfPresent(String.self, forKey: .text)
        }
    }

    /// Checks every answer against `questions`: the answers to store, in question order, or every
    /// problem at its path (`answers[2].value`). An empty answer (no option, blank text) counts as
    /// not answering; a required question left unanswered is a problem on `answers`.
    public func validate(against questions: [SurveyQuestion]) throws(InvalidInput) -> [SurveyAnswer] {
        guard let answers else {
            throw InvalidInput([FieldProblem(field: "answers", code: "required", message: "Send the answers as a list.")])
        }
        var problems: [FieldProblem] = []
        var byQuestion: [String: SurveyAnswer] = [:]
        var seen = Set<String>()
        for (index, answer) in answers.enumerated() {
            let path = "answers[\(index)]"
            guard let id = answer.question else {
                problems.append(FieldProblem(field: "\(path).question", code: "required", message: "Name the question answered."))
                continue
            }
            guard let question = questions.first(where: { $0.id == id }) else {
                problems.append(FieldProblem(field: "\(path).question", code: "unknown_question", message: "The survey has no question with this id."))
                continue
            }
            guard seen.insert(id).inserted else {
                problems.append(FieldProblem(field: "\(path).question", code: "duplicate", message: "This question is answered twice."))
                continue
            }
            if let value = Self.check(answer, for: question, at: path, problems: &problems) {
                byQuestion[id] = SurveyAnswer(questionId: id, value: value)
            }
        }
        for question in questions where question.required && byQuestion[question.id] == nil && !seen.contains(question.id) {
            problems.append(FieldProblem(field: "answers", code: "unanswered", message: "Question '\(question.id)' needs an answer."))
        }
        // A required question answered blank is named at the answer itself.
        for (index, answer) in answers.enumerated() {
            guard let id = answer.question, let question = questions.first(where: { $0.id == id }), question.required,
                  byQuestion[id] == nil, !problems.contains(where: { $0.field.hasPrefix("answers[\(index)]") })
            else { continue }
            problems.append(FieldProblem(field: "answers[\(index)]", code: "unanswered", message: "This question needs an answer."))
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return questions.compactMap { byQuestion[$0.id] }
    }

    /// The answer's value, nil when blank or wrong (problems recorded).
    private static func check(_ answer: Answer, for question: SurveyQuestion, at path: String, problems: inout [FieldProblem]) -> SurveyAnswer.Value? {
        let takes: String
        switch question.kind {
        case .choice: takes = "option"
        case .multipleChoice: takes = "options"
        case .scale: takes = "value"
        case .text: takes = "text"
        }
        let present = [("option", answer.option != nil), ("options", answer.options != nil), ("value", answer.value.isPresent), ("text", answer.text != nil)]
        var wrong = false
        for (field, isPresent) in present where isPresent && field != takes {
            problems.append(FieldProblem(
                field: "\(path).\(field)", code: "not_allowed", message: "A \(question.kind.rawValue) question is answered with '\(takes)'."))
            wrong = true
        }
        guard !wrong else { return nil }
        let optionIDs = Set(question.options?.map(\.id) ?? [])
        switch question.kind {
        case .choice:
            guard let option = answer.option, !option.isEmpty else { return nil }
            guard optionIDs.contains(option) else {
                problems.append(FieldProblem(field: "\(path).option", code: "unknown_option", message: "The question has no option with this id."))
                return nil
            }
            return .choice(option)
        case .multipleChoice:
            guard let options = answer.options, !options.isEmpty else { return nil }
            var chosen: [String] = []
            var fine = true
            for (index, option) in options.enumerated() {
                if !optionIDs.contains(option) {
                    problems.append(FieldProblem(field: "\(path).options[\(index)]", code: "unknown_option", message: "The question has no option with this id."))
                    fine = false
                } else if chosen.contains(option) {
                    problems.append(FieldProblem(field: "\(path).options[\(index)]", code: "duplicate", message: "This option is chosen twice."))
                    fine = false
                } else {
                    chosen.append(option)
                }
            }
            // Stored in the question's own order, whatever order they were sent in.
            let order = question.options?.map(\.id) ?? []
            return fine ? .choices(order.filter(chosen.contains)) : nil
        case .scale:
            if let problem = answer.value.problem(at: "\(path).value") {
                problems.append(problem)
                return nil
            }
            guard let value = answer.value.value else { return nil }
            let low = question.min ?? SurveyRules.defaultScale.min
            let high = question.max ?? SurveyRules.defaultScale.max
            guard (low...high).contains(value) else {
                problems.append(FieldProblem(field: "\(path).value", code: "out_of_range", message: "Choose a whole number from \(low) to \(high)."))
                return nil
            }
            return .scale(value)
        case .text:
            guard let text = answer.text, !text.allSatisfy(\.isWhitespace) else { return nil }
            let rules = FreeTextRules(maximumLength: question.maxLength ?? SurveyRules.defaultTextLength, multiline: true)
            switch rules.check(text, field: "\(path).text") {
            case .success(let normalized): return .text(normalized)
            case .failure(let problem):
                problems.append(problem)
                return nil
            }
        }
    }
}
