import CustodianCore
import Foundation

/// A signed-in session of a person. Its token is stored only as a SHA-256 digest.
public struct Session: Sendable, Equatable, Codable {
    public var id: String
    public var personId: String
    /// `api` (bearer token) or `web` (cookie).
    public var channel: String
    public var network: String?
    public var createdAt: Int64
    public var lastSeenAt: Int64
    public var expiresAt: Int64
    public var revokedAt: Int64?
}

/// People's sessions: opaque random tokens, stored hashed, revocable one by one or all at once.
public final class SessionStore: Sendable {
    /// Prefix of session tokens, so they are told apart from API keys.
    public static let tokenPrefix = "cs_"
    let database: any SQLDatabase
    let now: @Sendable () -> Int64
    /// Live sessions by token digest, briefly: a revocation here takes effect at once, on other
    /// nodes within the TTL.
    private let cache = ExpiringCache<[UInt8], Session>(capacity: 50_000, ttl: .seconds(2))

    init(database: any SQLDatabase, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.now = now
    }

    /// Opens a session; returns it with the token, which is given out once.
    public func create(person: String, channel: String, software: String?, network: String?, lifetimeMillis: Int64) async throws -> (session: Session, token: String) {
        let token = Self.tokenPrefix + Identifiers.base64URL(Identifiers.randomBytes(32))
        let time = now()
        let session = Session(id: Identifiers.make(), personId: person, channel: channel, network: network, createdAt: time, lastSeenAt: time, expiresAt: time + lifetimeMillis, revokedAt: nil)
        try await database.write { tx in
            try await tx.execute(SQL(
                """
                INSERT INTO sessions (id, person_id, token_hash, channel, software, network, created_at, last_seen_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(session.id), .text(person), .blob(Identifiers.secretDigest(token)), .text(channel), software.sqlValue,
                 network.sqlValue, .integer(time), .integer(time), .integer(session.expiresAt)]
            ))
        }
        return (session, token)
    }

    /// The live session whose token this is, or nil (unknown, revoked or expired).
    public func authenticate(_ token: String) async throws -> Session? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count < 200 else { return nil }
        let time = now()
        let digest = Identifiers.secretDigest(token)
        if let session = cache.value(for: digest), session.expiresAt > time { return session }
        let session = try await database.read { db in
            try await db.first(SQL(
                "SELECT * FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
                [.blob(digest), .integer(time)]
            )).map(Self.session)
        }
        if let session { cache.store(session, for: digest) }
        return session
    }

    /// The person's live sessions, newest first.
    public func list(person: String) async throws -> [Session] {
        let time = now()
        return try await database.read { db in
            try await db.query(SQL(
                "SELECT * FROM sessions WHERE person_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id",
                [.text(person), .integer(time)]
            )).map(Self.session)
        }
    }

    /// Revokes one of the person's sessions; false when they have no such live session.
    public func revoke(id: String, person: String) async throws -> Bool {
        let time = now()
        let revoked = try await database.write { tx in
            guard try await tx.first(SQL("SELECT id FROM sessions WHERE id = ? AND person_id = ? AND revoked_at IS NULL", [.text(id), .text(person)])) != nil else {
                return false
            }
            try await tx.execute(SQL("UPDATE sessions SET revoked_at = ? WHERE id = ?", [.integer(time), .text(id)]))
            return true
        }
        cache.remove { $0.id == id }
        return revoked
    }

    /// Revokes every live session of the person but `keeping`; returns how many.
    @discardableResult
    public func revokeAll(person: String, keeping: String? = nil) async throws -> Int {
        let time = now()
        let revoked = try await database.write { tx in
            let live = try await tx.query(SQL("SELECT id FROM sessions WHERE person_id = ? AND revoked_at IS NULL", [.text(person)]))
                .map { try $0.text("id") }.filter { $0 != keeping }
            try await tx.executeMany("UPDATE sessions SET revoked_at = ? WHERE id = ?", live.map { [.integer(time), .text($0)] })
            return live
        }
        cache.remove { $0.personId == person && $0.id != keeping }
        return revoked.count
    }

    /// Drops every cached session of the person (after erasure, whose rows went with the person).
    public func forget(person: String) {
        cache.remove { $0.personId == person }
    }

    static func session(_ row: SQLRow) throws -> Session {
        Session(
            id: try row.text("id"), personId: try row.text("person_id"), channel: try row.text("channel"),
            network: try row.optionalText("network"), createdAt: try row.int("created_at"),
            lastSeenAt: try row.int("last_seen_at"), expiresAt: try row.int("expires_at"), revokedAt: try row.optionalInt("revoked_at")
        )
    }
}
