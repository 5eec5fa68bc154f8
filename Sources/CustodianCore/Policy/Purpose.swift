/// A use of personal data, with the legal basis that permits it.
public struct Purpose: Codable, Sendable, Equatable {
    /// The fideslang data use key, e.g. `marketing.communications.email`.
    public var key: String
    /// A short human title, e.g. "Product and service news by email".
    public var title: String
    /// What the use is, in the policy's words.
    public var description: String
    /// What allows the use: use of the service, opt-out or opt-in consent.
    public var basis: LegalBasis
    /// The data categories this use may read; a parent key covers its children.
    public var categories: [String]
    /// Whether Global Privacy Control and Do-Not-Track opt the person out of this use.
    public var optOutSignals: Bool
    /// How a person says no: e.g. `unsubscribe_link`, `privacy_centre`, `api`.
    public var withdrawVia: [String]
    /// Recipient keys this use discloses data to.
    public var recipients: [String]

    /// Creates a purpose.
    public init(
        key: String,
        title: String,
        description: String,
        basis: LegalBasis,
        categories: [String],
        optOutSignals: Bool = false,
        withdrawVia: [String] = [],
        recipients: [String] = []
    ) {
        self.key = key
        self.title = title
        self.description = description
        self.basis = basis
        self.categories = categories
        self.optOutSignals = optOutSignals
        self.withdrawVia = withdrawVia
        self.recipients = recipients
    }
}

/// The legal basis of a purpose, as the policy reads.
public enum LegalBasis: String, Codable, Sendable, CaseIterable {
    /// Allowed by using the service; no opt-out while an account exists.
    case byUse = "by_use"
    /// On by default; the person may opt out at any time.
    case optOut = "opt_out"
    /// Off until the person explicitly opts in.
    case optIn = "opt_in"

    /// A phrase for tables and pages.
    public var label: String {
        switch self {
        case .byUse: "Needed to provide the service"
        case .optOut: "On unless you opt out"
        case .optIn: "Only with your consent"
        }
    }
}
