/// The data controller: the party the policy speaks for ("we").
public struct Controller: Codable, Sendable, Equatable {
    /// The name substituted for `{controller}` in the prose, e.g. "the Platform".
    public var name: String
    /// The sentence telling people how to ask questions about the policy.
    public var contactStatement: String
    /// The concrete ways to reach the controller.
    public var contactChannels: [ContactChannel]

    /// Creates a controller.
    public init(name: String, contactStatement: String, contactChannels: [ContactChannel]) {
        self.name = name
        self.contactStatement = contactStatement
        self.contactChannels = contactChannels
    }
}

/// One way to reach the controller.
public struct ContactChannel: Codable, Sendable, Equatable {
    /// What kind of address `value` is.
    public var kind: ContactChannelKind
    /// The address itself: an email address, a URL or path, a phone number or a postal address.
    public var value: String
    /// The label shown to people, e.g. "Contact form".
    public var label: String

    /// Creates a contact channel.
    public init(kind: ContactChannelKind, value: String, label: String) {
        self.kind = kind
        self.value = value
        self.label = label
    }
}

/// The kinds of contact address a policy may publish.
public enum ContactChannelKind: String, Codable, Sendable, CaseIterable {
    case email
    case form
    case url
    case phone
    case postal
}

/// How people come to accept the policy, in the policy's own words.
public struct AcceptanceTerms: Codable, Sendable, Equatable {
    /// How acceptance is obtained.
    public var model: AcceptanceModel
    /// "By continuing to use … you consent …".
    public var continuedUseConsent: String
    /// "If you do not agree … stop using …".
    public var ifYouDoNotAgree: String

    /// Creates acceptance terms.
    public init(model: AcceptanceModel, continuedUseConsent: String, ifYouDoNotAgree: String) {
        self.model = model
        self.continuedUseConsent = continuedUseConsent
        self.ifYouDoNotAgree = ifYouDoNotAgree
    }
}

/// Whether acceptance is inferred from continued use or asked for explicitly.
public enum AcceptanceModel: String, Codable, Sendable, CaseIterable {
    /// Using the service after being shown the policy counts as acceptance.
    case continuedUse = "continued_use"
    /// People must press "accept" before going on.
    case explicit
}
