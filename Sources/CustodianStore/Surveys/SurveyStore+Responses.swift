import Crypto
import CustodianCore

extension SurveyStore {
    /// The key subject of a visitor's response that holds free text.
    public static func visitorKeySubject(_ id: String) -> String { "survey-response:\(id)" }

    /// Stores a response of validated `answers`, audited (`survey.respond`).
    ///
    /// One response per person and survey: a second is ``SurveyResponseError/alreadyAnswered(_:)``,
    /// also when two arrive at once. Visitors (`person` nil) may answer any number of times; the
    /// caller decides whether the survey lets them.
    public func submit(
        _ answers: [SurveyAnswer], to surveyId: String, person: String?, service: String? = nil, actor: String, requestId: String? = nil
    ) async throws -> SurveyResponseSummary {
        let id = Identifiers.make()
        let time = now()
        let hasText = answers.contains { if case .text = $0.value { true } else { false } }
        let dialect = database.dialect
        do {
            return try await database.write { [keyring, audit] tx in
                // Locked, so a survey closed meanwhile takes no more responses.
                guard let row = try await tx.first(SQL("SELECT status FROM surveys WHERE id = ?" + dialect.forUpdate, [.text(surveyId)])) else {
                    throw SurveyResponseError.noSuchSurvey
                }
                guard try row.text("status") == SurveyStatus.open.rawValue else { throw SurveyResponseError.closed }
                var keySubject: String?
                var key: SealingKey?
                if let person {
                    guard try await tx.first(SQL("SELECT id FROM people WHERE id = ?", [.text(person)])) != nil,
                          let personKey = try await keyring.dataKey(for: person, in: tx)
                    else { throw SurveyResponseError.noSuchPerson }
                    if let existing = try await Self.existingResponse(of: person, to: surveyId, in: tx) {
                        throw SurveyResponseError.alreadyAnswered(existing)
                    }
                    (keySubject, key) = (person, personKey)
                } else if hasText {
                    keySubject = Self.visitorKeySubject(id)
                    key = try await keyring.createDataKey(for: Self.visitorKeySubject(id), in: tx, now: time)
                }
                try await tx.execute(SQL(
                    "INSERT INTO survey_responses (id, survey_id, person_id, key_subject, service_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [.text(id), .text(surveyId), person.sqlValue, keySubject.sqlValue, service.sqlValue, .integer(time)]))
                try await tx.executeMany(
                    "INSERT INTO survey_answers (response_id, survey_id, question_id, option_id, value, text) VALUES (?, ?, ?, ?, ?, ?)",
                    Self.rows(answers, response: id, survey: surveyId, key: key, keySubject: keySubject))
                try await audit.append([AuditEvent(
                    actor: actor, action: "survey.respond", subject: person ?? keySubject ?? "survey-response:\(id)",
                    categories: [SurveyRules.category], requestId: requestId, details: ["survey": surveyId, "response": id])], in: tx)
                return SurveyResponseSummary(id: id, surveyId: surveyId, personId: person, keySubject: keySubject, service: service, createdAt: time)
            }
        } catch StoreError.conflict {
            // Two responses of one person raced; the other committed first.
            guard let person, let existing = try await database.read({ db in try await Self.existingResponse(of: person, to: surveyId, in: db) })
            else { throw StoreError.conflict }
            throw SurveyResponseError.alreadyAnswered(existing)
        }
    }

    /// A survey's responses, newest first, `limit` after `cursor`, their free text still sealed.
    public func records(of surveyId: String, limit: Int, after cursor: PageCursor? = nil) async throws -> [SurveyResponseRecord] {
        let page = PageCursor.condition(cursor)
        return try await database.read { db in
            let summaries = try await db.query(SQL(
                "SELECT \(Self.responseColumns) FROM survey_responses WHERE survey_id = ? AND \(page.sql) ORDER BY created_at DESC, id DESC LIMIT ?",
                [.text(surveyId)] + page.binds + [.integer(Int64(limit))]
            )).map(Self.responseSummary)
            return try await Self.records(summaries, in: db)
        }
    }

    /// Opens staff's page of responses: free text where `accesses` (by key subject) covers it,
    /// withheld otherwise. Each response read is audited (`survey.responses.read`) before the
    /// page is handed out.
    public func open(
        _ records: [SurveyResponseRecord], survey: Survey, accesses: [String: Access], actor: String, requestId: String? = nil
    ) async throws -> [SurveyResponse] {
        var opened: [SurveyResponse] = []
        for record in records {
            opened.append(try await open(record, survey: survey, access: record.summary.keySubject.flatMap { accesses[$0] }))
        }
        try await audit.record(opened.map { response in
            AuditEvent(
                actor: actor, action: "survey.responses.read",
                subject: response.summary.personId ?? response.summary.keySubject ?? "survey-response:\(response.summary.id)",
                purpose: SurveyRules.purpose, categories: [SurveyRules.category], requestId: requestId,
                details: ["survey": survey.id, "response": response.summary.id])
        })
        return opened
    }

    /// A response with its answers in question order; free text opens only with an access for
    /// the response's key subject that covers `user.content.private`.
    public func open(_ record: SurveyResponseRecord, survey: Survey, access: Access?) async throws -> SurveyResponse {
        var key: SealingKey?
        if let subject = record.summary.keySubject, let access, access.permits(SurveyRules.category, of: subject) {
            key = try await database.read { [keyring] db in try await keyring.dataKey(for: subject, in: db) }
        }
        var answers: [SurveyAnswer] = []
        var withheld: [String] = []
        for question in survey.questions {
            let rows = record.rows.filter { $0.questionId == question.id }
            guard let first = rows.first else { continue }
            switch question.kind {
            case .choice:
                if let option = first.optionId { answers.append(SurveyAnswer(questionId: question.id, value: .choice(option))) }
            case .multipleChoice:
                let chosen = Set(rows.compactMap(\.optionId))
                let ordered = (question.options ?? []).map(\.id).filter(chosen.contains)
                answers.append(SurveyAnswer(questionId: question.id, value: .choices(ordered)))
            case .scale:
                if let value = first.value { answers.append(SurveyAnswer(questionId: question.id, value: .scale(Int(value)))) }
            case .text:
                guard let sealed = first.text else { continue }
                guard let key, let subject = record.summary.keySubject else {
                    withheld.append(question.id)
                    continue
                }
                do {
                    let plain = try FieldCipher.open(sealed, key: key, subject: subject, field: Self.field(response: record.summary.id, question: question.id))
                    answers.append(SurveyAnswer(questionId: question.id, value: .text(String(decoding: plain, as: UTF8.self))))
                } catch {
                    throw StoreError.keyUnavailable("a sealed answer does not open")
                }
            }
        }
        return SurveyResponse(summary: record.summary, answers: answers, withheld: withheld)
    }

    /// Erases one response of `surveyId`, audited (`survey.response.erase`): a visitor's text by
    /// shredding the response's own key, then the rows. False when there is no such response.
    @discardableResult
    public func erase(response id: String, of surveyId: String, actor: String, requestId: String? = nil) async throws -> Bool {
        let erased = try await database.write { [keyring, audit] tx -> Bool in
            guard let row = try await tx.first(SQL(
                "SELECT \(Self.responseColumns) FROM survey_responses WHERE id = ? AND survey_id = ?", [.text(id), .text(surveyId)]))
            else { return false }
            let summary = try Self.responseSummary(row)
            // A person's key is theirs and stays; a visitor's response key seals this response alone.
            if summary.personId == nil, let subject = summary.keySubject { try await keyring.shred(subject, in: tx) }
            try await tx.execute(SQL("DELETE FROM survey_responses WHERE id = ?", [.text(id)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "survey.response.erase", subject: summary.personId ?? summary.keySubject ?? "survey-response:\(id)",
                requestId: requestId, details: ["survey": surveyId, "response": id])], in: tx)
            return true
        }
        if erased, let sqlite = database as? SQLiteDatabase { try await sqlite.checkpoint() }
        return erased
    }

    /// A survey a person answered, with their response.
    public struct AnsweredSurvey: Sendable, Equatable {
        public var survey: Survey
        public var response: SurveyResponse
    }

    /// The person's own responses, newest first, their text opened with `access` (for `person`).
    public func responses(of person: String, access: Access) async throws -> [AnsweredSurvey] {
        let records = try await database.read { db in
            let summaries = try await db.query(SQL(
                "SELECT \(Self.responseColumns) FROM survey_responses WHERE person_id = ? ORDER BY created_at DESC, id DESC", [.text(person)]
            )).map(Self.responseSummary)
            return try await Self.records(summaries, in: db)
        }
        var out: [AnsweredSurvey] = []
        for record in records {
            guard let survey = try await find(record.summary.surveyId) else { continue }
            out.append(AnsweredSurvey(survey: survey, response: try await open(record, survey: survey, access: access)))
        }
        return out
    }

    // MARK: - rows

    static let responseColumns = "id, survey_id, person_id, key_subject, service_id, created_at"

    /// The associated-data field of a sealed answer: bound to the response and the question.
    static func field(response: String, question: String) -> String { "survey-response/\(response)/\(question)" }

    static func existingResponse(of person: String, to survey: String, in db: any SQLExecutor) async throws -> String? {
        try await db.first(SQL("SELECT id FROM survey_responses WHERE survey_id = ? AND person_id = ?", [.text(survey), .text(person)]))?.text("id")
    }

    static func rows(_ answers: [SurveyAnswer], response: String, survey: String, key: SealingKey?, keySubject: String?) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for answer in answers {
            let head: [SQLValue] = [.text(response), .text(survey), .text(answer.questionId)]
            switch answer.value {
            case .choice(let option):
                rows.append(head + [.text(option), .null, .null])
            case .choices(let options):
                rows += options.map { head + [.text($0), .null, .null] }
            case .scale(let value):
                rows.append(head + [.null, .integer(Int64(value)), .null])
            case .text(let text):
                // Text is only accepted with a key to seal it (see `submit`).
                guard let key, let keySubject else { continue }
                let sealed = FieldCipher.seal(Array(text.utf8), key: key, subject: keySubject, field: field(response: response, question: answer.questionId))
                rows.append(head + [.null, .null, .blob(sealed)])
            }
        }
        return rows
    }

    static func responseSummary(_ row: SQLRow) throws -> SurveyResponseSummary {
        SurveyResponseSummary(
            id: try row.text("id"), surveyId: try row.text("survey_id"), personId: try row.optionalText("person_id"),
            keySubject: try row.optionalText("key_subject"), service: try row.optionalText("service_id"), createdAt: try row.int("created_at"))
    }

    static func records(_ summaries: [SurveyResponseSummary], in db: any SQLExecutor) async throws -> [SurveyResponseRecord] {
        guard !summaries.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: summaries.count).joined(separator: ", ")
        let rows = try await db.query(SQL(
            "SELECT response_id, question_id, option_id, value, text FROM survey_answers WHERE response_id IN (\(placeholders))",
            summaries.map { .text($0.id) }))
        var byResponse: [String: [SurveyResponseRecord.AnswerRow]] = [:]
        for row in rows {
            byResponse[try row.text("response_id"), default: []].append(SurveyResponseRecord.AnswerRow(
                questionId: try row.text("question_id"), optionId: try row.optionalText("option_id"), value: try row.optionalInt("value"),
                text: try row.optionalBlob("text")))
        }
        return summaries.map { SurveyResponseRecord(summary: $0, rows: byResponse[$0.id] ?? []) }
    }
}
