import CustodianCore
import Foundation

/// A scored risk signal about a person's account or activity (or, without a person, about a
/// network or an API key): velocity, far-apart sessions, repeated failed calls, flagged links.
public struct RiskEvent: Sendable, Equatable {
    public var id: String
    /// The person it concerns; nil for a network or key (see ``subject``).
    public var personId: String?
    /// What it concerns when there is no person: `network:<digest>`, `apikey:<id>`.
    public var subject: String?
    /// `registration_velocity`, `contact_velocity`, `comment_velocity`, `session_travel`,
    /// `failed_calls`, `flagged_url` …
    public var kind: String
    public var score: Int
    public var reasons: [String]
    /// Non-personal particulars (counts, windows, reason details).
    public var details: [String: String]
    public var requestId: String?
    public var createdAt: Int64

    public init(personId: String?, subject: String? = nil, kind: String, score: Int, reasons: [String], details: [String: String] = [:], requestId: String? = nil) {
        self.id = Identifiers.make()
        self.personId = personId
        self.subject = subject
        self.kind = kind
        self.score = max(0, min(100, score))
        self.reasons = reasons
        self.details = details
        self.requestId = requestId
        self.createdAt = 0
    }
}

/// Risk events, kept for the person (their own list) and for staff (investigations). Rows of a
/// person go with them.
public final class RiskEventStore: Sendable {
    let database: any SQLDatabase
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.now = now
    }

    static let columns = "id, person_id, subject, kind, score, reasons, details, request_id, created_at"

    /// Records events; a person who no longer exists is recorded without them (the event still
    /// says what happened from where).
    @discardableResult
    public func record(_ events: [RiskEvent]) async throws -> [RiskEvent] {
        guard !events.isEmpty else { return [] }
        let time = now()
        return try await database.write { tx in
            var stored: [RiskEvent] = []
            for var event in events {
                event.createdAt = time
                if let person = event.personId, try await tx.first(SQL("SELECT id FROM people WHERE id = ?", [.text(person)])) == nil {
                    event.personId = nil
                }
                try await tx.execute(SQL(
                    "INSERT INTO risk_events (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [.text(event.id), event.personId.sqlValue, event.subject.sqlValue, .text(event.kind), .integer(Int64(event.score)),
                     .text(Self.json(event.reasons)), .text(Self.json(event.details)), event.requestId.sqlValue, .integer(time)]))
                stored.append(event)
            }
            return stored
        }
    }

    /// The person's events, newest first.
    public func events(of person: String, limit: Int = 100) async throws -> [RiskEvent] {
        try await database.read { db in
            try await db.query(SQL(
                "SELECT \(Self.columns) FROM risk_events WHERE person_id = ? ORDER BY created_at DESC, id DESC LIMIT ?", [.text(person), .integer(Int64(limit))]
            )).map(Self.event)
        }
    }

    /// Events newest first, optionally of one kind, `limit` after `cursor`.
    public func list(kind: String? = nil, limit: Int, after cursor: PageCursor? = nil) async throws -> [RiskEvent] {
        let page = PageCursor.condition(cursor)
        var conditions = [page.sql]
        var binds = page.binds
        if let kind {
            conditions.append("kind = ?")
            binds.append(.text(kind))
        }
        binds.append(.integer(Int64(limit)))
        let sql = SQL("SELECT \(Self.columns) FROM risk_events WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at DESC, id DESC LIMIT ?", binds)
        return try await database.read { db in try await db.query(sql).map(Self.event) }
    }

    static func event(_ row: SQLRow) throws -> RiskEvent {
        var event = RiskEvent(
            personId: try row.optionalText("person_id"), subject: try row.optionalText("subject"), kind: try row.text("kind"),
            score: Int(try row.int("score")), reasons: decode(try row.text("reasons")) ?? [], details: decode(try row.text("details")) ?? [:],
            requestId: try row.optionalText("request_id"))
        event.id = try row.text("id")
        event.createdAt = try row.int("created_at")
        return event
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ text: String) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
