/// A party personal data may be shared with or received from.
///
/// `receives` and `sends` are optional so that a policy written before partners could be
/// registered keeps its content hash (and so its version): absent keys are not encoded.
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
    /// The categories this party may be given (outbound). `nil`: whatever the purposes that name
    /// this recipient read; a list narrows that further.
    public var receives: [String]?
    /// What this party may send us (inbound): categories, each with the basis that must hold.
    /// `nil` or empty: the party is not a source of personal data.
    public var sends: [RecipientSource]?

    /// Creates a recipient.
    public init(
        key: String, kind: RecipientKind, label: String, description: String, names: [String] = [],
        receives: [String]? = nil, sends: [RecipientSource]? = nil
    ) {
        self.key = key
        self.kind = kind
        self.label = label
        self.description = description
        self.names = names
        self.receives = receives
        self.sends = sends
    }

    /// The `sends` entries that cover `category`.
    public func sources(of category: String) -> [RecipientSource] {
        (sends ?? []).filter { $0.categories.contains(category) }
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

/// One kind of data a recipient may send us, and what makes receiving it lawful.
///
/// The seed policy: partners share "in accordance with the law or with your agreement or
/// consent" — one entry per basis the operator relies on.
public struct RecipientSource: Codable, Sendable, Equatable {
    /// Declared data categories this entry covers.
    public var categories: [String]
    /// What must hold for a record to be accepted.
    public var basis: InboundBasis
    /// For `consent`: the purpose whose opt-in (or, for an opt-out purpose, the absence of an
    /// opt-out) must hold, and which must be able to read the categories.
    public var purpose: String?
    /// For `law`: the provision relied on, e.g. "Anti-Money Laundering Act § 12"; shown to people.
    public var reference: String?

    /// Creates an entry.
    public init(categories: [String], basis: InboundBasis, purpose: String? = nil, reference: String? = nil) {
        self.categories = categories
        self.basis = basis
        self.purpose = purpose
        self.reference = reference
    }
}

/// What makes receiving data from a related party or partner lawful.
public enum InboundBasis: String, Codable, Sendable, CaseIterable {
    /// A legal provision (named in `reference`); it does not depend on the person's choices.
    case law
    /// The person's agreement to this policy: they have accepted the version in force.
    case agreement
    /// The person's consent to a named purpose, as the purpose gate decides it.
    case consent

    /// A phrase for tables and pages.
    public var label: String {
        switch self {
        case .law: "Required or permitted by law"
        case .agreement: "Under the agreement you accepted"
        case .consent: "Only with your consent"
        }
    }
}
