import CustodianCore

/// Machine callers' API keys.
public protocol APIKeyRepository: Sendable {
    /// Creates a key and returns it with its secret (shown once, stored hashed).
    func create(name: String, scopes: Set<APIScope>, service: String?, actor: String, requestId: String?) async throws -> (key: APIKey, secret: String)
    /// The live key whose secret this is, or nil.
    func authenticate(_ secret: String) async throws -> APIKey?
    /// All keys, newest first, without secrets.
    func list() async throws -> [APIKey]
    /// Revokes a live key; false when there is none with this id.
    func revoke(id: String, actor: String, requestId: String?) async throws -> Bool
}

/// The hash-chained audit log.
public protocol AuditRepository: Sendable {
    /// Records one event (group-committed with concurrent ones); returns once durable.
    @discardableResult func record(_ event: AuditEvent) async throws -> AuditEntry
    /// Records several events in one transaction.
    @discardableResult func record(_ events: [AuditEvent]) async throws -> [AuditEntry]
    /// Entries in order, `limit` at a time after position `after`.
    func entries(after: Int64, limit: Int) async throws -> [AuditEntry]
    /// The recorded head: number of entries and hash of the last.
    func head() async throws -> AuditChainVerifier.Head?
    /// Checks the whole chain.
    func verify(pageSize: Int) async throws -> AuditVerification
}

/// People and their sealed attributes.
public protocol PersonRepository: Sendable {
    /// Creates a person with a fresh data key; `StoreError.conflict` when a lookup key is taken.
    func create(attributes: [PersonAttribute], lookups: [LookupKey], passwordHash: String?, service: String?, actor: String, requestId: String?) async throws -> String
    /// The person indexed under `lookup`, if any.
    func find(_ lookup: LookupKey) async throws -> String?
    /// Whether the person exists.
    func exists(_ person: String) async throws -> Bool
    /// Crypto-shreds and deletes the person; false when there is no such person.
    @discardableResult func erase(_ person: String, actor: String, requestId: String?) async throws -> Bool
}

extension APIKeyStore: APIKeyRepository {}
extension AuditLog: AuditRepository {}
extension PersonVault: PersonRepository {}

extension AuditRepository {
    public func entries() async throws -> [AuditEntry] { try await entries(after: 0, limit: 100) }
    public func verify() async throws -> AuditVerification { try await verify(pageSize: 5_000) }
}
