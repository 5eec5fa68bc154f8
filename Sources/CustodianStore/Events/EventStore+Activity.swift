import CustodianCore

/// What a person did in one service: event counts by type and when.
public struct ServiceActivity: Sendable, Equatable {
    /// The service id (or `key:<id>` for a key of no service).
    public var source: String
    public var type: String
    public var count: Int
    public var first: Int64
    public var last: Int64
}

/// One of a person's recent page or screen views.
public struct RecentView: Sendable, Equatable {
    public var source: String
    public var type: String
    public var url: String?
    public var properties: String?
    public var occurredAt: Int64
}

extension EventStore {
    /// The category an access must permit to read a person's activity.
    public static let browsingCategory = "user.behavior.browsing_history"

    /// `person`'s events counted by service and type, only from `sources` when given; needs an
    /// access that permits their browsing history.
    public func activity(of person: String, sources: Set<String>?, access: Access) async throws -> [ServiceActivity] {
        guard access.permits(Self.browsingCategory, of: person) else { return [] }
        let rows = try await database.read { db in
            try await db.query(SQL(
                """
                SELECT source, type, COUNT(*) AS n, MIN(occurred_at) AS first_at, MAX(occurred_at) AS last_at
                FROM events WHERE person_id = ? GROUP BY source, type ORDER BY source, type
                """,
                [.text(person)]))
        }
        return try rows.compactMap { row in
            let source = try row.text("source")
            if let sources, !sources.contains(source) { return nil }
            return ServiceActivity(
                source: source, type: try row.text("type"), count: Int(try row.int("n")), first: try row.int("first_at"),
                last: try row.int("last_at"))
        }
    }

    /// `person`'s latest non-bot page and screen views, newest first, only from `sources` when
    /// given; needs an access that permits their browsing history.
    public func recentViews(of person: String, sources: Set<String>?, limit: Int, access: Access) async throws -> [RecentView] {
        guard access.permits(Self.browsingCategory, of: person), limit > 0 else { return [] }
        var condition = "person_id = ? AND bot = 0 AND type IN ('page', 'screen')"
        var binds: [SQLValue] = [.text(person)]
        if let sources {
            guard !sources.isEmpty else { return [] }
            condition += " AND source IN (\(Array(repeating: "?", count: sources.count).joined(separator: ", ")))"
            binds += sources.sorted().map { .text($0) }
        }
        let sql = SQL(
            "SELECT source, type, url, properties, occurred_at FROM events WHERE \(condition) ORDER BY occurred_at DESC LIMIT ?",
            binds + [.integer(Int64(limit))])
        return try await database.read { db in try await db.query(sql) }.map { row in
            RecentView(
                source: try row.text("source"), type: try row.text("type"), url: try row.optionalText("url"),
                properties: try row.optionalText("properties"), occurredAt: try row.int("occurred_at"))
        }
    }
}
