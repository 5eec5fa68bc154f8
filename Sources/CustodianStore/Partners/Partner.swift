import CustodianCore

/// A registered related party or partner: a business, so nothing here is personal data.
public struct Partner: Sendable, Equatable {
    public var id: String
    /// A short stable name (`acme-travel`); the source of what it sends is `partner:<name>`.
    public var name: String
    /// Its privacy contact (PIPL art. 23 asks for the recipient's name and contact).
    public var contact: String
    /// What the policy and the registration let it receive and send.
    public var grant: PartnerGrant
    /// Where signed webhooks go; nil: it only pulls.
    public var webhookURL: String?
    /// Whether shares are pushed to it when a person opts in (otherwise it pulls).
    public var push: Bool
    public var status: PartnerStatus
    public var createdAt: Int64
    public var updatedAt: Int64

    /// The `source` of attributes it sends.
    public var source: String { "partner:\(name)" }
}

/// Whether a partner may use the partner API.
public enum PartnerStatus: String, Sendable, Codable, CaseIterable {
    case active
    /// Refused on the partner API; erasure and withdrawal notices still go to it.
    case disabled
}

/// A new partner as registered.
public struct PartnerDraft: Sendable {
    public var name: String
    public var contact: String
    public var grant: PartnerGrant
    public var webhookURL: String?
    public var push: Bool

    public init(name: String, contact: String, grant: PartnerGrant, webhookURL: String? = nil, push: Bool = false) {
        self.name = name
        self.contact = contact
        self.grant = grant
        self.webhookURL = webhookURL
        self.push = push
    }
}

/// A change to a partner; nil leaves a value as it is.
public struct PartnerChange: Sendable {
    public var contact: String?
    public var grant: PartnerGrant?
    /// `.some(nil)` removes the webhook URL.
    public var webhookURL: String??
    public var push: Bool?
    public var status: PartnerStatus?

    public init(contact: String? = nil, grant: PartnerGrant? = nil, webhookURL: String?? = nil, push: Bool? = nil, status: PartnerStatus? = nil) {
        self.contact = contact
        self.grant = grant
        self.webhookURL = webhookURL
        self.push = push
        self.status = status
    }
}
