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
    /// What happens to such records when the person they are about is erased. `nil` (the key
    /// absent, as in policies written before it existed) means ``ErasureRule/erase``: nothing is
    /// kept unless the policy says so.
    public var onErasure: ErasureRule?

    /// Creates an exclusion.
    public init(key: String, kind: ExclusionKind, description: String, categories: [String] = [], onErasure: ErasureRule? = nil) {
        self.key = key
        self.kind = kind
        self.description = description
        self.categories = categories
        self.onErasure = onErasure
    }

    /// The rule in effect, defaulting to erasure.
    public var erasure: ErasureRule { onErasure ?? .erase }
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

/// What erasing a person does to the out-of-scope records about them.
public enum ErasureRule: String, Codable, Sendable, CaseIterable {
    /// Deleted with the person.
    case erase
    /// Kept, detached from the person: the link to them and every field that identifies them
    /// are removed, so what remains refers to nobody.
    case keep

    /// A phrase for tables and pages.
    public var label: String {
        switch self {
        case .erase: "Deleted when you delete your account"
        case .keep: "Kept when you delete your account, with everything that identifies you removed"
        }
    }
}
