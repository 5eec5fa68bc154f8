/// One event of the audit log, as it is stored.
///
/// Entries hold identifiers, purposes, categories, actors and outcomes — never plaintext
/// personal data — so the log can be kept, exported and verified without widening exposure.
public struct AuditEntry: Sendable, Equatable {
    /// Position in the chain, starting at 1, without gaps.
    public var seq: Int64
    /// Milliseconds since the Unix epoch.
    public var at: Int64
    /// Who acted: `system`, `cli`, `apikey:<id>`, `person:<id>`, `staff:<id>`.
    public var actor: String
    /// What was done, dot-namespaced: `apikey.create`, `keys.rotate`, `person.shred` …
    public var action: String
    /// The person or object acted on, by identifier.
    public var subject: String?
    /// The purpose (fideslang data use) the action served, when it read or used personal data.
    public var purpose: String?
    /// Data categories (fideslang keys) touched, comma-separated in the stored form.
    public var categories: [String]
    /// `ok`, `denied` or `error`.
    public var outcome: String
    /// The request that caused the entry, for joining with logs.
    public var requestId: String?
    /// Small, non-personal details as canonical JSON (sorted keys).
    public var details: String
    /// The hash of the previous entry (32 zero bytes for the first).
    public var prevHash: [UInt8]
    /// SHA-256 of `prevHash ‖ canonical encoding of this entry`.
    public var hash: [UInt8]

    public init(
        seq: Int64, at: Int64, actor: String, action: String, subject: String?, purpose: String?,
        categories: [String], outcome: String, requestId: String?, details: String,
        prevHash: [UInt8], hash: [UInt8]
    ) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.purpose = purpose
        self.categories = categories
        self.outcome = outcome
        self.requestId = requestId
        self.details = details
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// An event to be appended; the log assigns its position and hashes.
public struct AuditEvent: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var subject: String?
    public var purpose: String?
    public var categories: [String]
    public var outcome: String
    public var requestId: String?
    public var details: [String: String]

    public init(
        actor: String, action: String, subject: String? = nil, purpose: String? = nil,
        categories: [String] = [], outcome: String = "ok", requestId: String? = nil,
        details: [String: String] = [:]
    ) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.purpose = purpose
        self.categories = categories
        self.outcome = outcome
        self.requestId = requestId
        self.details = details
    }
}
