import CustodianCore

/// A collected event that may be a view of a catalogue item, as the model's rebuild reads it:
/// a person's page or screen, not a bot's.
public struct StoredView: Sendable, Equatable {
    public var person: String
    public var type: String
    public var url: String?
    public var properties: String?
    /// The service (or key) that sent it.
    public var source: String
    public var occurredAt: Int64
}

extension EventStore {
    /// Calls `body` with every person's non-bot page and screen event received before
    /// `receivedBefore`, `pageSize` at a time, in storage order (not time order: the caller
    /// sorts what it keeps). Reading page by page keeps memory to one page of rows.
    ///
    /// Each page continues from the last row of the one before: SQLite by `rowid`, PostgreSQL by
    /// (received_at, source, message_id), the order of its `events_received` index.
    public func forEachView(receivedBefore: Int64, pageSize: Int = 10_000, _ body: ([StoredView]) throws -> Void) async throws {
        let filter = "person_id IS NOT NULL AND bot = 0 AND type IN ('page', 'screen') AND received_at < ?"
        switch database.dialect {
        case .sqlite:
            var after: Int64 = 0
            while true {
                let sql = SQL(
                    "SELECT rowid AS k, person_id, type, url, properties, source, occurred_at FROM events WHERE rowid > ? AND \(filter) ORDER BY rowid LIMIT ?",
                    [.integer(after), .integer(receivedBefore), .integer(Int64(pageSize))])
                let rows = try await database.read { db in try await db.query(sql) }
                try body(try rows.map(Self.view))
                guard rows.count == pageSize, let last = rows.last else { return }
                after = try last.int("k")
            }
        case .postgres:
            var after: (receivedAt: Int64, source: String, message: String)?
            while true {
                var condition = filter
                var binds: [SQLValue] = [.integer(receivedBefore)]
                if let after {
                    condition += " AND received_at >= ? AND (received_at, source, message_id) > (?, ?, ?)"
                    binds += [.integer(after.receivedAt), .integer(after.receivedAt), .text(after.source), .text(after.message)]
                }
                let sql = SQL(
                    """
                    SELECT person_id, type, url, properties, source, message_id, occurred_at, received_at FROM events
                    WHERE \(condition) ORDER BY received_at, source, message_id LIMIT ?
                    """,
                    binds + [.integer(Int64(pageSize))])
                let rows = try await database.read { db in try await db.query(sql) }
                try body(try rows.map(Self.view))
                guard rows.count == pageSize, let last = rows.last else { return }
                after = (try last.int("received_at"), try last.text("source"), try last.text("message_id"))
            }
        }
    }

    static func view(_ row: SQLRow) throws -> StoredView {
        StoredView(
            person: try row.text("person_id"), type: try row.text("type"), url: try row.optionalText("url"),
            properties: try row.optionalText("properties"), source: try row.text("source"), occurredAt: try row.int("occurred_at"))
    }
}
