import Foundation

/// Applies pending migrations in order, each in its own transaction.
///
/// On PostgreSQL an advisory lock keeps several nodes that start together from racing; on SQLite
/// the write transaction already excludes other writers. The lock is keyed by the schema, so
/// installations (and test runs) in other schemas of the same database never wait on each other:
/// a global key let one stalled migration anywhere hold up every other one.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration] = Migrations.all) {
        self.migrations = migrations
    }

    /// Applies what is pending; returns the versions applied.
    @discardableResult
    public func migrate(_ database: any SQLDatabase, now: Int64) async throws -> [Int64] {
        let dialect = database.dialect
        try await database.write { tx in
            try await tx.execute(SQL(dialect.ddl("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version {bigint} PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at {bigint} NOT NULL
                )
                """)))
        }
        var applied: [Int64] = []
        for migration in migrations {
            let didApply = try await database.write { tx -> Bool in
                if dialect == .postgres {
                    try await tx.execute(SQL("SELECT pg_advisory_xact_lock(7239001, hashtext(current_schema()))"))
                }
                let existing = try await tx.first(SQL("SELECT version FROM schema_migrations WHERE version = ?", [.integer(migration.version)]))
                guard existing == nil else { return false }
                for statement in migration.statements(dialect) {
                    try await tx.execute(SQL(dialect.ddl(statement)))
                }
                try await tx.execute(SQL(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [.integer(migration.version), .text(migration.name), .integer(now)]
                ))
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// Versions already applied.
    public func appliedVersions(_ database: any SQLDatabase) async throws -> [Int64] {
        try await database.read { db in
            try await db.query(SQL("SELECT version FROM schema_migrations ORDER BY version")).map { try $0.int("version") }
        }
    }
}
