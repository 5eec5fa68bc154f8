import CustodianCore
import Foundation

/// One recorded version of the policy: never edited once stored.
public struct PolicyVersion: Sendable, Equatable {
    /// The policy's content hash, which is its version.
    public var version: String
    /// 1 for the first version recorded, then 2, 3 …
    public var seq: Int64
    /// Milliseconds since the Unix epoch from which the version applies.
    public var effectiveAt: Int64
    /// The policy's canonical JSON (the input of its content hash).
    public var policyJSON: String
    /// The policy file as the operator wrote it.
    public var policyYAML: String
    /// When the row was stored.
    public var createdAt: Int64

    public init(version: String, seq: Int64, effectiveAt: Int64, policyJSON: String, policyYAML: String, createdAt: Int64) {
        self.version = version
        self.seq = seq
        self.effectiveAt = effectiveAt
        self.policyJSON = policyJSON
        self.policyYAML = policyYAML
        self.createdAt = createdAt
    }

    /// Decodes the stored policy.
    public func policy() throws -> Policy {
        do {
            return try Policy.fromJSON(Data(policyJSON.utf8))
        } catch {
            throw StoreError.corrupt("stored policy version does not decode")
        }
    }
}

/// The history of the policy: one row per distinct content hash, in the order first seen.
public struct PolicyVersions: Sendable {
    let database: any SQLDatabase
    let audit: AuditLog
    let now: @Sendable () -> Int64

    /// What recording a policy did.
    public struct Recorded: Sendable, Equatable {
        /// The stored version (the existing one when the hash was known).
        public var version: PolicyVersion
        /// Whether this call stored it.
        public var isNew: Bool
    }

    /// Stores `policy` as a new version unless its content hash is already recorded.
    ///
    /// Several nodes starting with the same new file race safely: the primary key keeps one row.
    public func record(_ policy: Policy, yaml: String, actor: String = "system") async throws -> Recorded {
        let hash = policy.contentHash
        let json: String
        do {
            json = String(decoding: try policy.canonicalJSON(), as: UTF8.self)
        } catch {
            throw StoreError.corrupt("the policy does not encode")
        }
        let time = now()
        let dialect = database.dialect
        return try await database.write { [audit] tx in
            // Serialise recorders on the audit head (which the audit entry below locks anyway), so
            // two nodes starting together neither store the same version twice nor share a seq.
            _ = try await tx.first(SQL("SELECT seq FROM audit_head WHERE id = 1" + dialect.forUpdate))
            if let existing = try await tx.first(SQL("SELECT * FROM policy_versions WHERE version = ?", [.text(hash)])) {
                return Recorded(version: try Self.version(existing), isNew: false)
            }
            let seq = (try await tx.first(SQL("SELECT MAX(seq) AS seq FROM policy_versions"))?.optionalInt("seq") ?? 0) + 1
            let version = PolicyVersion(version: hash, seq: seq, effectiveAt: time, policyJSON: json, policyYAML: yaml, createdAt: time)
            try await tx.execute(SQL(
                """
                INSERT INTO policy_versions (version, seq, effective_at, policy_json, policy_yaml, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [.text(hash), .integer(seq), .integer(time), .text(json), .text(yaml), .integer(time)]
            ))
            try await audit.append([AuditEvent(actor: actor, action: "policy.version.record", subject: hash, details: ["seq": String(seq)])], in: tx)
            return Recorded(version: version, isNew: true)
        }
    }

    /// Every version, oldest first.
    public func list() async throws -> [PolicyVersion] {
        try await database.read { db in
            try await db.query(SQL("SELECT * FROM policy_versions ORDER BY seq")).map(Self.version)
        }
    }

    /// The version with content hash `version`, if recorded.
    public func find(_ version: String) async throws -> PolicyVersion? {
        try await database.read { db in
            try await db.first(SQL("SELECT * FROM policy_versions WHERE version = ?", [.text(version)])).map(Self.version)
        }
    }

    /// The version recorded just before `version`, if any.
    public func previous(to version: PolicyVersion) async throws -> PolicyVersion? {
        try await database.read { db in
            try await db.first(SQL("SELECT * FROM policy_versions WHERE seq < ? ORDER BY seq DESC LIMIT 1", [.integer(version.seq)]))
                .map(Self.version)
        }
    }

    static func version(_ row: SQLRow) throws -> PolicyVersion {
        PolicyVersion(
            version: try row.text("version"), seq: try row.int("seq"), effectiveAt: try row.int("effective_at"),
            policyJSON: try row.text("policy_json"), policyYAML: try row.text("policy_yaml"), createdAt: try row.int("created_at")
        )
    }
}
