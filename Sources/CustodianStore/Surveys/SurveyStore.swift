import CustodianCore
import Foundation

/// Surveys, the responses people and visitors give, and counts over them.
///
/// Choice and scale answers are stored in the clear so that they can be counted; they belong to a
/// person only through the response row and go with it. Free-text answers are sealed: with the
/// person's data key, or for a visitor with a key of the response's own (`survey-response:<id>`).
public final class SurveyStore: Sendable {
    let database: any SQLDatabase
    let keyring: Keyring
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, keyring: Keyring, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.keyring = keyring
        self.audit = audit
        self.now = now
    }

    /// Stores a new, open survey, audited (`survey.create`).
    public func create(_ valid: ValidSurvey, actor: String, requestId: String? = nil) async throws -> Survey {
        let time = now()
        let survey = Survey(
            id: Identifiers.make(), title: valid.title, description: valid.description, status: .open, allowAnonymous: valid.allowAnonymous,
            questions: valid.questions, createdAt: time, updatedAt: time, closedAt: nil)
        let questions = try Self.encode(valid.questions)
        try await database.write { [audit] tx in
            try await tx.execute(SQL(
                """
                INSERT INTO surveys (id, title, description, status, allow_anonymous, questions, created_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(survey.id), .text(survey.title), survey.description.sqlValue, .text(survey.status.rawValue), survey.allowAnonymous.sqlValue,
                    .text(questions), .text(actor), .integer(time), .integer(time),
                ]))
            try await audit.append([AuditEvent(
                actor: actor, action: "survey.create", subject: survey.id, requestId: requestId,
                details: ["questions": String(survey.questions.count)])], in: tx)
        }
        return survey
    }

    /// The survey with this id.
    public func find(_ id: String) async throws -> Survey? {
        try await database.read { db in try await db.first(SQL("SELECT * FROM surveys WHERE id = ?", [.text(id)])).map(Self.survey) }
    }

    /// Surveys newest first, optionally of one status.
    public func list(status: SurveyStatus? = nil) async throws -> [Survey] {
        let sql = status.map { SQL("SELECT * FROM surveys WHERE status = ? ORDER BY created_at DESC, id DESC", [.text($0.rawValue)]) }
            ?? SQL("SELECT * FROM surveys ORDER BY created_at DESC, id DESC")
        return try await database.read { db in try await db.query(sql).map(Self.survey) }
    }

    /// The number of responses of each survey that has any.
    public func responseCounts() async throws -> [String: Int] {
        try await database.read { db in
            let rows = try await db.query(SQL("SELECT survey_id, COUNT(*) AS n FROM survey_responses GROUP BY survey_id"))
            return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.text("survey_id"), Int(try $0.int("n"))) })
        }
    }

    /// Opens or closes a survey, audited (`survey.status`); nil when there is no such survey.
    public func setStatus(_ id: String, to status: SurveyStatus, actor: String, requestId: String? = nil) async throws -> Survey? {
        let time = now()
        return try await database.write { [audit] tx -> Survey? in
            guard var survey = try await tx.first(SQL("SELECT * FROM surveys WHERE id = ?", [.text(id)])).map(Self.survey) else { return nil }
            guard survey.status != status else { return survey }
            let closedAt: Int64? = status == .closed ? time : nil
            try await tx.execute(SQL(
                "UPDATE surveys SET status = ?, updated_at = ?, closed_at = ? WHERE id = ?",
                [.text(status.rawValue), .integer(time), closedAt.sqlValue, .text(id)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "survey.status", subject: id, requestId: requestId,
                details: ["from": survey.status.rawValue, "to": status.rawValue])], in: tx)
            survey.status = status
            survey.updatedAt = time
            survey.closedAt = closedAt
            return survey
        }
    }

    // MARK: - rows

    static func encode(_ questions: [SurveyQuestion]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(questions), as: UTF8.self)
    }

    static func survey(_ row: SQLRow) throws -> Survey {
        guard let status = SurveyStatus(rawValue: try row.text("status")),
              let questions = try? JSONDecoder().decode([SurveyQuestion].self, from: Data(try row.text("questions").utf8))
        else { throw StoreError.corrupt("a survey's status or questions do not read") }
        return Survey(
            id: try row.text("id"), title: try row.text("title"), description: try row.optionalText("description"), status: status,
            allowAnonymous: try row.int("allow_anonymous") != 0, questions: questions, createdAt: try row.int("created_at"),
            updatedAt: try row.int("updated_at"), closedAt: try row.optionalInt("closed_at"))
    }
}
