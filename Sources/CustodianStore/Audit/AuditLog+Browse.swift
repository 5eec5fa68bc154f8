import CustodianCore

extension AuditLog {
    /// What the console's audit browser may narrow the log to; every filter is exact, and the
    /// action may also be a prefix ending in `.` (`staff.` for every staff action).
    public struct Filter: Sendable, Equatable {
        public var actor: String?
        public var action: String?
        public var subject: String?

        public init(actor: String? = nil, action: String? = nil, subject: String? = nil) {
            self.actor = actor
            self.action = action
            self.subject = subject
        }
    }

    /// Entries newest first, `limit` of them before position `before` (all when nil), matching `filter`.
    public func entries(before: Int64?, limit: Int, filter: Filter = Filter()) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let before {
            conditions.append("seq < ?")
            binds.append(.integer(before))
        }
        if let actor = filter.actor {
            conditions.append("actor = ?")
            binds.append(.text(actor))
        }
        if let action = filter.action {
            if action.hasSuffix(".") {
                // A prefix, compared exactly (no LIKE wildcard in it can matter, whatever the collation).
                // The length is a number of ours, written into the text (PostgreSQL has no substr with a bigint length).
                conditions.append("substr(action, 1, \(action.utf8.count)) = ?")
                binds.append(.text(action))
            } else {
                conditions.append("action = ?")
                binds.append(.text(action))
            }
        }
        if let subject = filter.subject {
            conditions.append("subject = ?")
            binds.append(.text(subject))
        }
        binds.append(.integer(Int64(limit)))
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = SQL("SELECT * FROM audit_log \(clause) ORDER BY seq DESC LIMIT ?", binds)
        return try await database.read { db in try await db.query(sql).map(Self.entry) }
    }
}
