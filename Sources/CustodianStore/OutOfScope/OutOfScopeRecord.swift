import CustodianCore

/// A record the policy declares itself not to apply to, opened.
public struct OutOfScopeRecord: Sendable, Equatable {
    public var id: String
    /// The policy exclusion key (`search_keywords` …).
    public var exclusion: String
    public var kind: ExclusionKind
    /// The person it is about; nil for records about nobody, or detached on erasure.
    public var personId: String?
    /// Who stored it: `platform`, `apikey:<id>` …
    public var source: String
    public var fields: [String: String]
    public var occurredAt: Int64
    public var createdAt: Int64
    /// When it was detached from an erased person.
    public var detachedAt: Int64?
}

/// A record to store.
public struct OutOfScopeDraft: Sendable {
    public var exclusion: Exclusion
    public var personId: String?
    public var source: String
    /// Validated by ``OutOfScopeSchema``.
    public var fields: [String: String]
    public var occurredAt: Int64?

    public init(exclusion: Exclusion, personId: String?, source: String, fields: [String: String], occurredAt: Int64? = nil) {
        self.exclusion = exclusion
        self.personId = personId
        self.source = source
        self.fields = fields
        self.occurredAt = occurredAt
    }
}

/// What erasing a person did to out-of-scope records about them.
public struct OutOfScopeErasure: Sendable, Equatable {
    public var detached = 0
    public var erased = 0
}
