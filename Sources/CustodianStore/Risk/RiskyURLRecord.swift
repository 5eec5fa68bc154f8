import CustodianCore

/// A listing in the risky-URL registry, with who flagged it and when it was seen.
public struct RiskyURLRecord: Sendable, Equatable {
    public var id: String
    public var match: RiskyURLMatch
    public var value: String
    public var category: RiskyURLCategory
    public var source: String
    public var confidence: Double
    /// When the source first and last reported it (milliseconds since the epoch).
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var expiresAt: Int64?
    /// The audit actor who first flagged it, and who last changed it.
    public var flaggedBy: String
    public var updatedBy: String
    /// The import that last touched it, if it came from a block list.
    public var importId: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    /// What the URL analysis needs of it.
    public var listing: RiskyURLListing {
        RiskyURLListing(id: id, match: match, value: value, category: category, source: source, confidence: confidence, expiresAt: expiresAt)
    }
}

/// A listing to add (or refresh): the value already normalised (``RiskyURLListing/normalize(_:as:)``).
public struct RiskyURLDraft: Sendable, Equatable {
    public var match: RiskyURLMatch
    public var value: String
    public var category: RiskyURLCategory
    public var source: String
    public var confidence: Double
    public var expiresAt: Int64?
    /// When the source first saw it, if it says; otherwise now.
    public var firstSeen: Int64?

    public init(match: RiskyURLMatch, value: String, category: RiskyURLCategory, source: String, confidence: Double, expiresAt: Int64? = nil, firstSeen: Int64? = nil) {
        self.match = match
        self.value = value
        self.category = category
        self.source = source
        self.confidence = confidence
        self.expiresAt = expiresAt
        self.firstSeen = firstSeen
    }
}

/// One step in a listing's history: who flagged, refreshed, imported or removed it.
public struct RiskyURLHistoryEntry: Sendable, Equatable {
    /// `flagged`, `updated`, `imported` or `removed`.
    public var action: String
    public var actor: String
    public var importId: String?
    public var at: Int64
    public var details: [String: String]
}

/// What an import did.
public struct RiskyURLImportSummary: Sendable, Equatable {
    public var id: String
    public var source: String
    public var category: RiskyURLCategory
    public var format: String
    public var linesRead: Int
    public var added: Int
    public var updated: Int
    public var skipped: Int
    public var at: Int64
}
