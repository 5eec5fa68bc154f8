/// A kind of personal data the policy says is collected.
public struct DataCategory: Codable, Sendable, Equatable {
    /// The fideslang data category key, e.g. `user.contact.email`.
    public var key: String
    /// A short human label, e.g. "Email address".
    public var label: String
    /// What exactly is collected, in the policy's words.
    public var description: String
    /// Where the data comes from.
    public var sources: [DataSource]
    /// How long it is kept: `account` or an ISO-8601 duration such as `P30D` (see ``Retention``).
    public var retention: String
    /// How much harm disclosure could cause; drives protection and lint.
    public var sensitivity: Sensitivity

    /// Creates a data category.
    public init(
        key: String,
        label: String,
        description: String,
        sources: [DataSource],
        retention: String,
        sensitivity: Sensitivity
    ) {
        self.key = key
        self.label = label
        self.description = description
        self.sources = sources
        self.retention = retention
        self.sensitivity = sensitivity
    }
}

/// Where personal data comes from (the policy's "how we collect information" items 1–3).
public enum DataSource: String, Codable, Sendable, CaseIterable {
    /// Given by the person (registration, forms, support, surveys).
    case provided
    /// Recorded automatically while the service is used.
    case automatic
    /// Received from related parties and partners.
    case partner

    /// A phrase for tables and pages.
    public var label: String {
        switch self {
        case .provided: "You provide it"
        case .automatic: "Collected as you use the service"
        case .partner: "From related parties and partners"
        }
    }
}

/// How sensitive a category is.
public enum Sensitivity: String, Codable, Sendable, CaseIterable {
    case low
    case medium
    case high
    /// A special category (GDPR art. 9) or sensitive personal information (PIPL art. 28).
    case special
}
