import CustodianCore
import Foundation

/// A person's acceptance of one policy version, with the evidence of how it was given.
///
/// Evidence is deliberately coarse: a truncated IP address and a user-agent family, never the
/// full address or user-agent string.
public struct PolicyAcceptance: Sendable, Equatable {
    public var personId: String
    /// The accepted version (content hash).
    public var policyVersion: String
    /// Milliseconds since the Unix epoch.
    public var acceptedAt: Int64
    /// How it was given: `web`, `app`, `api`, `continued_use` …
    public var channel: String
    /// The address with its host part zeroed (IPv4 /24, IPv6 /48), when known.
    public var ipTruncated: String?
    /// The browser or client family, e.g. `Firefox`, when known.
    public var userAgentFamily: String?
    /// Other non-personal evidence: request id, API key id …
    public var evidence: [String: String]

    public init(
        personId: String, policyVersion: String, acceptedAt: Int64, channel: String, ipTruncated: String? = nil,
        userAgentFamily: String? = nil, evidence: [String: String] = [:]
    ) {
        self.personId = personId
        self.policyVersion = policyVersion
        self.acceptedAt = acceptedAt
        self.channel = channel
        self.ipTruncated = ipTruncated
        self.userAgentFamily = userAgentFamily
        self.evidence = evidence
    }
}

/// Recorded acceptances: append-only, one per person and version (the first one counts).
public struct PolicyAcceptances: Sendable {
    let database: any SQLDatabase
    let audit: AuditLog
    /// Acceptances already seen: they are never withdrawn, so a positive answer stays true
    /// (an erased person's rows go, but so do their sessions).
    let accepted = ExpiringCache<String, Bool>(capacity: 100_000, ttl: .seconds(3600))

    init(database: any SQLDatabase, audit: AuditLog) {
        self.database = database
        self.audit = audit
    }

    /// Records `acceptance` unless the person already accepted that version; returns the stored one.
    public func record(_ acceptance: PolicyAcceptance, actor: String, requestId: String? = nil) async throws -> (acceptance: PolicyAcceptance, isNew: Bool) {
        try await database.write { [audit] tx in
            if let existing = try await tx.first(SQL(
                "SELECT * FROM policy_acceptances WHERE person_id = ? AND policy_version = ?",
                [.text(acceptance.personId), .text(acceptance.policyVersion)]
            )) {
                return (try Self.acceptance(existing), false)
            }
            try await tx.execute(SQL(
                """
                INSERT INTO policy_acceptances (person_id, policy_version, accepted_at, channel, ip_truncated, user_agent_family, evidence)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id, policy_version) DO NOTHING
                """,
                [
                    .text(acceptance.personId), .text(acceptance.policyVersion), .integer(acceptance.acceptedAt),
                    .text(acceptance.channel), acceptance.ipTruncated.sqlValue, acceptance.userAgentFamily.sqlValue,
                    .text(Evidence.encode(acceptance.evidence)),
                ]
            ))
            try await audit.append([AuditEvent(
                actor: actor, action: "policy.accept", subject: acceptance.personId, requestId: requestId,
                details: ["version": acceptance.policyVersion, "channel": acceptance.channel]
            )], in: tx)
            return (acceptance, true)
        }
    }

    /// Whether `person` accepted `version`.
    public func hasAccepted(_ person: String, version: String) async throws -> Bool {
        let key = person + "|" + version
        if accepted.value(for: key) == true { return true }
        let found = try await database.read { db in
            try await db.first(SQL(
                "SELECT id FROM policy_acceptances WHERE person_id = ? AND policy_version = ?", [.text(person), .text(version)]
            )) != nil
        }
        if found { accepted.store(true, for: key) }
        return found
    }

    /// Every acceptance of `person`, oldest first.
    public func list(of person: String) async throws -> [PolicyAcceptance] {
        try await database.read { db in
            try await db.query(SQL("SELECT * FROM policy_acceptances WHERE person_id = ? ORDER BY id", [.text(person)])).map(Self.acceptance)
        }
    }

    static func acceptance(_ row: SQLRow) throws -> PolicyAcceptance {
        PolicyAcceptance(
            personId: try row.text("person_id"), policyVersion: try row.text("policy_version"),
            acceptedAt: try row.int("accepted_at"), channel: try row.text("channel"),
            ipTruncated: try row.optionalText("ip_truncated"), userAgentFamily: try row.optionalText("user_agent_family"),
            evidence: Evidence.decode(try row.text("evidence"))
        )
    }
}
