import CustodianCore
import Foundation
import Synchronization

/// An API key as stored: its secret only as a SHA-256 digest.
public struct APIKey: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var scopes: Set<APIScope>
    public var createdAt: Int64
    public var revokedAt: Int64?
    /// The platform service the key belongs to; data it brings is tagged with it.
    public var serviceId: String?
    /// The registered partner the key acts as (scope `partner`); see ``PartnerRegistry``.
    public var partnerId: String? = nil

    public func allows(_ scope: APIScope) -> Bool {
        revokedAt == nil && scopes.contains(scope)
    }
}

/// Machine callers' API keys: created with scopes, stored hashed, revocable, audited.
public final class APIKeyStore: Sendable {
    /// The prefix of every key, so leaked keys are recognisable by secret scanners.
    public static let secretPrefix = "ck_"
    let database: any SQLDatabase
    let audit: AuditLog
    let now: @Sendable () -> Int64
    /// Recently authenticated keys, kept briefly so hot callers do not cost a query per request;
    /// a revocation made on this node takes effect at once, on other nodes within the TTL.
    private let cache = Mutex<[[UInt8]: (key: APIKey, until: Int64)]>([:])
    static let cacheMillis: Int64 = 5_000

    init(database: any SQLDatabase, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.audit = audit
        self.now = now
    }

    /// Creates a key; returns it with the secret, which is shown once and never stored.
    public func create(name: String, scopes: Set<APIScope>, service: String? = nil, actor: String, requestId: String? = nil) async throws -> (key: APIKey, secret: String) {
        try await insert(name: name, scopes: scopes, service: service, partner: nil, actor: actor, requestId: requestId)
    }

    /// Creates a key that acts as the registered partner `partner`; returned with its secret once.
    public func create(name: String, scopes: Set<APIScope>, partner: String, actor: String, requestId: String? = nil) async throws -> (key: APIKey, secret: String) {
        try await insert(name: name, scopes: scopes, service: nil, partner: partner, actor: actor, requestId: requestId)
    }

    private func insert(
        name: String, scopes: Set<APIScope>, service: String?, partner: String?, actor: String, requestId: String?
    ) async throws -> (key: APIKey, secret: String) {
        let secret = Self.secretPrefix + Identifiers.base64URL(Identifiers.randomBytes(32))
        let key = APIKey(
            id: Identifiers.make(), name: name, scopes: scopes, createdAt: now(), revokedAt: nil, serviceId: service, partnerId: partner)
        try await database.write { [audit] tx in
            try await tx.execute(SQL(
                "INSERT INTO api_keys (id, name, secret_hash, scopes, created_at, service_id, partner_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(key.id), .text(key.name), .blob(Identifiers.secretDigest(secret)), .text(Self.encode(key.scopes)),
                    .integer(key.createdAt), service.sqlValue, partner.sqlValue,
                ]
            ))
            var details = ["scopes": Self.encode(key.scopes)]
            if let partner { details["partner"] = partner }
            try await audit.append([AuditEvent(
                actor: actor, action: "apikey.create", subject: key.id, requestId: requestId, details: details
            )], in: tx)
        }
        return (key, secret)
    }

    /// The live key whose secret is `secret`, or nil.
    public func authenticate(_ secret: String) async throws -> APIKey? {
        guard secret.hasPrefix(Self.secretPrefix), secret.utf8.count < 200 else { return nil }
        let digest = Identifiers.secretDigest(secret)
        let time = now()
        if let hit = cache.withLock({ $0[digest] }), hit.until > time { return hit.key }
        let key = try await database.read { db in
            try await db.first(SQL("SELECT * FROM api_keys WHERE secret_hash = ?", [.blob(digest)])).map(Self.key)
        }
        guard let key, key.revokedAt == nil else {
            _ = cache.withLock { $0.removeValue(forKey: digest) }
            return nil
        }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[digest] = (key, time + Self.cacheMillis)
        }
        return key
    }

    /// All keys, newest first (never their secrets).
    public func list() async throws -> [APIKey] {
        try await database.read { db in
            try await db.query(SQL("SELECT * FROM api_keys ORDER BY created_at DESC, id")).map(Self.key)
        }
    }

    /// Revokes a key; false when there is no such live key.
    public func revoke(id: String, actor: String, requestId: String? = nil) async throws -> Bool {
        let revoked = try await database.write { [audit, now] tx -> Bool in
            guard try await tx.first(SQL("SELECT id FROM api_keys WHERE id = ? AND revoked_at IS NULL", [.text(id)])) != nil else {
                return false
            }
            try await tx.execute(SQL("UPDATE api_keys SET revoked_at = ? WHERE id = ?", [.integer(now()), .text(id)]))
            try await audit.append([AuditEvent(actor: actor, action: "apikey.revoke", subject: id, requestId: requestId)], in: tx)
            return true
        }
        if revoked { cache.withLock { $0 = $0.filter { $0.value.key.id != id } } }
        return revoked
    }

    static func encode(_ scopes: Set<APIScope>) -> String {
        scopes.sorted().map(\.rawValue).joined(separator: ",")
    }

    static func key(_ row: SQLRow) throws -> APIKey {
        APIKey(
            id: try row.text("id"), name: try row.text("name"),
            scopes: APIScope.parseList(try row.text("scopes")).scopes,
            createdAt: try row.int("created_at"), revokedAt: try row.optionalInt("revoked_at"),
            serviceId: try row.optionalText("service_id"), partnerId: try row.optionalText("partner_id")
        )
    }
}
