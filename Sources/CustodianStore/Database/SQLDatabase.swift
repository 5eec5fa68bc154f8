/// Runs statements on one connection or inside one transaction.
public protocol SQLExecutor: Sendable {
    /// Runs a statement that returns no rows.
    func execute(_ sql: SQL) async throws
    /// Runs a query and returns all of its rows.
    func query(_ sql: SQL) async throws -> [SQLRow]
    /// Runs the same statement once for each set of bindings, as one round trip where possible.
    func executeMany(_ text: String, _ rows: [[SQLValue]]) async throws
}

extension SQLExecutor {
    /// The first row of a query, if any.
    public func first(_ sql: SQL) async throws -> SQLRow? {
        try await query(sql).first
    }
}

/// A database engine behind the store: SQLite (embedded) or PostgreSQL (shared by many nodes).
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` on a read connection (a consistent snapshot on both engines).
    func read<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T
    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T
    /// Runs one statement for each row in a transaction of its own: the event writer's path,
    /// which SQLite runs in a single hop to its writer thread.
    func insertMany(_ text: String, _ rows: [[SQLValue]]) async throws
    /// Checks that the database answers.
    func ping() async throws
    /// Releases connections; the database is unusable afterwards.
    func close() async throws
}

extension SQLDatabase {
    public func insertMany(_ text: String, _ rows: [[SQLValue]]) async throws {
        try await write { tx in try await tx.executeMany(text, rows) }
    }
}
