import CustodianCore
import Foundation

/// Console sessions: random tokens stored as digests, with an expiry and the time last seen.
/// Apart from people's sessions on purpose: a person's token is never a console token and the
/// reverse (another table, another prefix, another cookie).
public final class StaffSessionStore: Sendable {
    /// Prefix of console session tokens.
    public static let tokenPrefix = "cst_"
    /// How stale `last_seen_at` may get before a request writes it again.
    static let touchMillis: Int64 = 60_000
    let database: any SQLDatabase
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.now = now
    }

    /// Opens a session for `staff`; returns it with the token, which is given out once.
    public func create(staff: String, lifetimeMillis: Int64) async throws -> (session: StaffSession, token: String) {
        let token = Self.tokenPrefix + Identifiers.base64URL(Identifiers.randomBytes(32))
        let time = now()
        let session = StaffSession(id: Identifiers.make(), staffId: staff, createdAt: time, lastSeenAt: time, expiresAt: time + lifetimeMillis)
        try await database.write { tx in
            try await tx.execute(SQL(
                "INSERT INTO staff_sessions (id, staff_id, token_hash, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(session.id), .text(staff), .blob(Identifiers.secretDigest(token)), .integer(time), .integer(time), .integer(session.expiresAt)]))
        }
        return (session, token)
    }

    /// The live session of this token with its account, or nil: unknown, revoked, expired, or the
    /// account disabled. Notes the time last seen (at most once a minute).
    public func authenticate(_ token: String) async throws -> StaffSignedIn? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count < 200 else { return nil }
        let time = now()
        let digest = Identifiers.secretDigest(token)
        let found = try await database.read { db -> StaffSignedIn? in
            guard let row = try await db.first(SQL(
                """
                SELECT s.id AS session_id, s.created_at AS session_created, s.last_seen_at, s.expires_at, a.*
                FROM staff_sessions s JOIN staff_accounts a ON a.id = s.staff_id
                WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND a.disabled_at IS NULL
                """,
                [.blob(digest), .integer(time)]))
            else { return nil }
            let account = try StaffStore.account(row)
            let session = StaffSession(
                id: try row.text("session_id"), staffId: account.id, createdAt: try row.int("session_created"),
                lastSeenAt: try row.int("last_seen_at"), expiresAt: try row.int("expires_at"))
            return StaffSignedIn(session: session, account: account)
        }
        guard var found else { return nil }
        if time - found.session.lastSeenAt > Self.touchMillis {
            let id = found.session.id
            try await database.write { tx in
                try await tx.execute(SQL("UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?", [.integer(time), .text(id)]))
            }
            found.session.lastSeenAt = time
        }
        return found
    }

    /// Ends a session; false when it was not live.
    @discardableResult
    public func revoke(id: String) async throws -> Bool {
        let time = now()
        return try await database.write { tx -> Bool in
            guard try await tx.first(SQL("SELECT id FROM staff_sessions WHERE id = ? AND revoked_at IS NULL", [.text(id)])) != nil else { return false }
            try await tx.execute(SQL("UPDATE staff_sessions SET revoked_at = ? WHERE id = ?", [.integer(time), .text(id)]))
            return true
        }
    }

    /// Ends every live session of `staff` but `keeping` (after a password change); returns how many.
    @discardableResult
    public func revokeAll(staff: String, keeping: String? = nil) async throws -> Int {
        let time = now()
        return try await database.write { tx -> Int in
            let live = try await tx.query(SQL("SELECT id FROM staff_sessions WHERE staff_id = ? AND revoked_at IS NULL", [.text(staff)]))
                .map { try $0.text("id") }.filter { $0 != keeping }
            try await tx.executeMany("UPDATE staff_sessions SET revoked_at = ? WHERE id = ?", live.map { [.integer(time), .text($0)] })
            return live.count
        }
    }
}
