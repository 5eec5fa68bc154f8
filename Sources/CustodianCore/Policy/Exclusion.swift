/// A kind of record the policy declares itself not to apply to.
public struct Exclusion: Codable, Sendable, Equatable {
    /// A stable identifier, e.g. `search_keywords`.
    public var key: String
    /// What kind of record is excluded; drives the privacy officer's warnings.
    public var kind: ExclusionKind
    /// The clause, in the policy's words.
    public var description: String
    /// Fideslang categories the excluded records fall under, for lint and the data map.
    public var categories: [String]

    /// Creates an exclusion.
    public init(key: String, kind: ExclusionKind, description: String, categories: [String] = []) {
        self.key = key
        self.kind = kind
        self.description = description
        self.categories = categories
    }
}

/// The record kinds the default policy excludes, plus a catch-all for operators' own.
public enum ExclusionKind: String, Codable, Sendable, CaseIterable {
    /// Observable trading data: bids, transactions, evaluations.
    case tradingRecords = "trading_records"
    /// Keywords typed into the platform's search.
    case searchKeywords = "search_keywords"
    /// Credit evaluations, violations and measures taken.
    case creditAndViolations = "credit_and_violations"
    /// Business registration details published as the law requires.
    case businessRegistration = "business_registration"
    /// Anything else.
    case other
}
