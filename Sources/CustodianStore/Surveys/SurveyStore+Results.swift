import CustodianCore

extension SurveyStore {
    /// Counts over the survey's answers: per option, per scale value with the mean, and the
    /// number of text answers. Never a text itself.
    public func results(of survey: Survey) async throws -> SurveyResults {
        let (responses, answered, counts, texts) = try await database.read { db in
            let responses = try await db.first(SQL("SELECT COUNT(*) AS n FROM survey_responses WHERE survey_id = ?", [.text(survey.id)]))?.int("n") ?? 0
            let answered = try await db.query(SQL(
                "SELECT question_id, COUNT(DISTINCT response_id) AS n FROM survey_answers WHERE survey_id = ? GROUP BY question_id",
                [.text(survey.id)]))
            let counts = try await db.query(SQL(
                """
                SELECT question_id, option_id, value, COUNT(*) AS n FROM survey_answers
                WHERE survey_id = ? AND text IS NULL GROUP BY question_id, option_id, value
                """,
                [.text(survey.id)]))
            let texts = try await db.query(SQL(
                "SELECT question_id, COUNT(*) AS n FROM survey_answers WHERE survey_id = ? AND text IS NOT NULL GROUP BY question_id",
                [.text(survey.id)]))
            return (responses, answered, counts, texts)
        }
        let answeredBy = Dictionary(uniqueKeysWithValues: try answered.map { (try $0.text("question_id"), Int(try $0.int("n"))) })
        let textsBy = Dictionary(uniqueKeysWithValues: try texts.map { (try $0.text("question_id"), Int(try $0.int("n"))) })
        var optionCounts: [String: [String: Int]] = [:]
        var valueCounts: [String: [Int: Int]] = [:]
        for row in counts {
            let question = try row.text("question_id")
            let count = Int(try row.int("n"))
            if let option = try row.optionalText("option_id") { optionCounts[question, default: [:]][option, default: 0] += count }
            if let value = try row.optionalInt("value") { valueCounts[question, default: [:]][Int(value), default: 0] += count }
        }
        let questions = survey.questions.map { question -> SurveyResults.Question in
            var result = SurveyResults.Question(id: question.id, kind: question.kind, answered: answeredBy[question.id] ?? 0)
            switch question.kind {
            case .choice, .multipleChoice:
                let counted = optionCounts[question.id] ?? [:]
                result.options = (question.options ?? []).map { SurveyResults.OptionCount(option: $0.id, count: counted[$0.id] ?? 0) }
            case .scale:
                let counted = valueCounts[question.id] ?? [:]
                let low = question.min ?? SurveyRules.defaultScale.min
                let high = question.max ?? SurveyRules.defaultScale.max
                result.distribution = (low...high).map { SurveyResults.ValueCount(value: $0, count: counted[$0] ?? 0) }
                let total = counted.values.reduce(0, +)
                if total > 0 {
                    result.mean = Double(counted.reduce(0) { $0 + $1.key * $1.value }) / Double(total)
                }
            case .text:
                result.textAnswers = textsBy[question.id] ?? 0
            }
            return result
        }
        return SurveyResults(responses: Int(responses), questions: questions)
    }
}
