extension SurveyDraft {
    /// Checks the whole draft: the survey to store, or every problem found, each at its field
    /// path (`questions[2].options[0].label`).
    public func validate() throws(InvalidInput) -> ValidSurvey {
        var problems: [FieldProblem] = []
        var validTitle: String?
        if let title {
            switch SurveyRules.title.check(title, field: "title") {
            case .success(let text): validTitle = text
            case .failure(let problem): problems.append(problem)
            }
        } else {
            problems.append(FieldProblem(field: "title", code: "required", message: "Give the survey a title."))
        }
        var validDescription: String?
        if let description, !description.allSatisfy(\.isWhitespace) {
            switch SurveyRules.description.check(description, field: "description") {
            case .success(let text): validDescription = text
            case .failure(let problem): problems.append(problem)
            }
        }
        var questionsOut: [SurveyQuestion] = []
        if let questions, !questions.isEmpty {
            if questions.count > SurveyRules.maximumQuestions {
                problems.append(FieldProblem(
                    field: "questions", code: "too_many", message: "A survey has at most \(SurveyRules.maximumQuestions) questions."))
            } else {
                questionsOut = Self.validate(questions, problems: &problems)
            }
        } else {
            problems.append(FieldProblem(field: "questions", code: "required", message: "Ask at least one question."))
        }
        guard problems.isEmpty, let validTitle else { throw InvalidInput(problems) }
        return ValidSurvey(title: validTitle, description: validDescription, allowAnonymous: allowAnonymous ?? false, questions: questionsOut)
    }

    private static func validate(_ questions: [Question], problems: inout [FieldProblem]) -> [SurveyQuestion] {
        // Ids given by the administrator first, so generated ones never take them.
        var used = Set<String>()
        for (index, question) in questions.enumerated() {
            guard let id = question.id else { continue }
            if !SurveyRules.isValidID(id) {
                problems.append(FieldProblem(field: "questions[\(index)].id", code: "invalid_format", message: SurveyRules.idMessage))
            } else if !used.insert(id).inserted {
                problems.append(FieldProblem(field: "questions[\(index)].id", code: "duplicate", message: "Another question has this id."))
            }
        }
        var out: [SurveyQuestion] = []
        for (index, question) in questions.enumerated() {
            let id: String
            if let given = question.id {
                id = given
            } else {
                id = SurveyRules.freshID("q", start: index + 1, used: used)
                used.insert(id)
            }
            if let valid = validate(question, id: id, at: "questions[\(index)]", problems: &problems) { out.append(valid) }
        }
        return out
    }

    private static func validate(_ draft: Question, id: String, at path: String, problems: inout [FieldProblem]) -> SurveyQuestion? {
        let before = problems.count
        var prompt = ""
        if let given = draft.prompt {
            switch SurveyRules.prompt.check(given, field: "\(path).prompt") {
            case .success(let text): prompt = text
            case .failure(let problem): problems.append(problem)
            }
        } else {
            problems.append(FieldProblem(field: "\(path).prompt", code: "required", message: "Write the question."))
        }
        guard let kindText = draft.kind else {
            problems.append(FieldProblem(field: "\(path).kind", code: "required", message: "Choose a kind: \(kindList)."))
            return nil
        }
        guard let kind = SurveyQuestion.Kind(rawValue: kindText) else {
            problems.append(FieldProblem(field: "\(path).kind", code: "invalid_choice", message: "Choose a kind: \(kindList)."))
            return nil
        }
        var question = SurveyQuestion(id: id, kind: kind, prompt: prompt, required: draft.required ?? false)
        func notAllowed(_ field: String, _ takes: String) {
            problems.append(FieldProblem(field: "\(path).\(field)", code: "not_allowed", message: "Only \(takes) questions take '\(field)'."))
        }
        if kind == .choice || kind == .multipleChoice {
            question.options = validateOptions(draft.options, at: path, problems: &problems)
        } else if draft.options != nil {
            notAllowed("options", "choice and multiple_choice")
        }
        if kind == .scale {
            validateScale(draft, into: &question, at: path, problems: &problems)
        } else {
            for (field, present) in [("min", draft.min.isPresent), ("max", draft.max.isPresent), ("minLabel", draft.minLabel != nil), ("maxLabel", draft.maxLabel != nil)]
            where present {
                notAllowed(field, "scale")
            }
        }
        if kind == .text {
            let length = draft.maxLength.value ?? SurveyRules.defaultTextLength
            if let problem = draft.maxLength.problem(at: "\(path).maxLength") {
                problems.append(problem)
            } else if SurveyRules.textLengths.contains(length) {
                question.maxLength = length
            } else {
                problems.append(FieldProblem(
                    field: "\(path).maxLength", code: "out_of_range",
                    message: "Give a length from \(SurveyRules.textLengths.lowerBound) to \(SurveyRules.textLengths.upperBound)."))
            }
        } else if draft.maxLength.isPresent {
            notAllowed("maxLength", "text")
        }
        return problems.count == before ? question : nil
    }

    private static var kindList: String { SurveyQuestion.Kind.allCases.map(\.rawValue).joined(separator: ", ") }

    private static func validateOptions(_ options: [Option]?, at path: String, problems: inout [FieldProblem]) -> [SurveyOption]? {
        guard let options, !options.isEmpty else {
            problems.append(FieldProblem(field: "\(path).options", code: "required", message: "Give at least \(SurveyRules.optionCount.lowerBound) options."))
            return nil
        }
        guard options.count >= SurveyRules.optionCount.lowerBound else {
            problems.append(FieldProblem(field: "\(path).options", code: "too_few", message: "Give at least \(SurveyRules.optionCount.lowerBound) options."))
            return nil
        }
        guard options.count <= SurveyRules.optionCount.upperBound else {
            problems.append(FieldProblem(field: "\(path).options", code: "too_many", message: "Give at most \(SurveyRules.optionCount.upperBound) options."))
            return nil
        }
        var used = Set<String>()
        for (index, option) in options.enumerated() {
            guard let id = option.id else { continue }
            if !SurveyRules.isValidID(id) {
                problems.append(FieldProblem(field: "\(path).options[\(index)].id", code: "invalid_format", message: SurveyRules.idMessage))
            } else if !used.insert(id).inserted {
                problems.append(FieldProblem(field: "\(path).options[\(index)].id", code: "duplicate", message: "Another option has this id."))
            }
        }
        var labels = Set<String>()
        var out: [SurveyOption] = []
        for (index, option) in options.enumerated() {
            let field = "\(path).options[\(index)].label"
            guard let given = option.label else {
                problems.append(FieldProblem(field: field, code: "required", message: "Give the option a label."))
                continue
            }
            switch SurveyRules.optionLabel.check(given, field: field) {
            case .success(let label):
                guard labels.insert(label.lowercased()).inserted else {
                    problems.append(FieldProblem(field: field, code: "duplicate", message: "Another option has this label."))
                    continue
                }
                let id = option.id ?? SurveyRules.freshID("o", start: index + 1, used: used)
                used.insert(id)
                out.append(SurveyOption(id: id, label: label))
            case .failure(let problem):
                problems.append(problem)
            }
        }
        return out
    }

    private static func validateScale(_ draft: Question, into question: inout SurveyQuestion, at path: String, problems: inout [FieldProblem]) {
        let low = draft.min.value ?? SurveyRules.defaultScale.min
        let high = draft.max.value ?? SurveyRules.defaultScale.max
        let bounds = SurveyRules.scaleBounds
        var fine = true
        for (field, number) in [("min", draft.min), ("max", draft.max)] {
            guard let problem = number.problem(at: "\(path).\(field)") else { continue }
            problems.append(problem)
            fine = false
        }
        for (field, value) in [("min", low), ("max", high)] where fine && !bounds.contains(value) {
            problems.append(FieldProblem(
                field: "\(path).\(field)", code: "out_of_range", message: "Give a whole number from \(bounds.lowerBound) to \(bounds.upperBound)."))
            fine = false
        }
        if fine && (low >= high || high - low > SurveyRules.maximumScaleSpan) {
            problems.append(FieldProblem(
                field: "\(path).max", code: "invalid_range",
                message: "The top of a scale lies above its bottom, at most \(SurveyRules.maximumScaleSpan) steps away."))
        }
        question.min = low
        question.max = high
        for (field, given) in [("minLabel", draft.minLabel), ("maxLabel", draft.maxLabel)] {
            guard let given else { continue }
            switch SurveyRules.scaleLabel.check(given, field: "\(path).\(field)") {
            case .success(let label): if field == "minLabel" { question.minLabel = label } else { question.maxLabel = label }
            case .failure(let problem): problems.append(problem)
            }
        }
    }
}
