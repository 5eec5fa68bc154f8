import CustodianCore
import Foundation

/// People's password hashes (bcrypt, computed by the caller off the event loop).
public final class CredentialStore: Sendable {
    let database: any SQLDatabase
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.audit = audit
        self.now = now
    }

    /// The stored hash, or nil when the person has no password.
    public func passwordHash(person: String) async throws -> String? {
        try await database.read { db in
            try await db.first(SQL("SELECT password_hash FROM credentials WHERE person_id = ?", [.text(person)]))?.text("password_hash")
        }
    }

    /// Sets or replaces the password hash, audited.
    public func setPasswordHash(_ hash: String, person: String, actor: String, requestId: String?) async throws {
        let time = now()
        try await database.write { [audit] tx in
            try await tx.execute(SQL(
                """
                INSERT INTO credentials (person_id, password_hash, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (person_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at
                """,
                [.text(person), .text(hash), .integer(time)]
            ))
            try await audit.append([AuditEvent(actor: actor, action: "person.password.change", subject: person, categories: ["user.authorization.credentials"], requestId: requestId)], in: tx)
        }
    }
}
