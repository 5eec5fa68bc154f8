/// A party personal data may be shared with or received from.
public struct Recipient: Codable, Sendable, Equatable {
    /// A stable identifier, e.g. `partners`.
    public var key: String
    /// What kind of party this is.
    public var kind: RecipientKind
    /// The label shown to people, e.g. "Partners".
    public var label: String
    /// The clause describing the relationship, in the policy's words.
    public var description: String
    /// The named organisations; empty means the policy does not name them.
    public var names: [String]

    /// Creates a recipient.
    public init(key: String, kind: RecipientKind, label: String, description: String, names: [String] = []) {
        self.key = key
        self.kind = kind
        self.label = label
        self.description = description
        self.names = names
    }
}

/// The kinds of party a policy may name.
public enum RecipientKind: String, Codable, Sendable, CaseIterable {
    /// Companies of the same group ("related parties", "affiliates").
    case relatedParty = "related_party"
    /// Independent businesses working with the controller.
    case partner
    /// Service providers processing data on the controller's behalf.
    case processor
    /// Authorities receiving data under a legal obligation.
    case authority
}
