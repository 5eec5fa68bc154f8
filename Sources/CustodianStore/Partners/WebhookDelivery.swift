/// What a webhook tells a partner.
public enum WebhookType: String, Sendable, Codable, CaseIterable {
    /// A person's data, pushed because they opted in to a purpose the partner is registered for.
    case personShared = "person.shared"
    /// The person withdrew consent to a purpose under which the partner received their data.
    case consentWithdrawn = "consent.withdrawn"
    /// The person was erased: delete what you received about this reference.
    case personErased = "person.erased"
}

/// Where a delivery stands.
public enum WebhookStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for its next attempt (or for the partner to have a webhook URL).
    case pending
    case delivered
    /// Every attempt failed; an administrator may retry it.
    case failed
    /// Not sent, and never will be: a share whose basis no longer held.
    case cancelled
}

/// One outbox row: the event to deliver and how delivering it went. It holds the partner's
/// pseudonymous reference and, for a pending share only, the person's id (which goes with them on
/// erasure) — never personal data.
public struct WebhookDelivery: Sendable, Equatable {
    public var id: String
    public var partnerId: String
    public var type: WebhookType
    public var ref: String
    /// Set for a pending `person.shared` only, to read the data at delivery time through the
    /// gate; cleared once the delivery is finished.
    public var personId: String?
    public var purpose: String?
    public var status: WebhookStatus
    /// Attempts made so far.
    public var attempts: Int
    public var nextAttemptAt: Int64
    /// The HTTP status of the last attempt, if it got one.
    public var lastStatus: Int?
    /// Why the last attempt failed, in a few non-personal words.
    public var lastError: String?
    /// For shares: whether the disclosure has been written to the share log.
    public var shareLogged: Bool
    public var createdAt: Int64
    public var updatedAt: Int64
    public var deliveredAt: Int64?
}

/// One attempt at a delivery.
public struct WebhookAttempt: Sendable, Equatable {
    public var attempt: Int
    public var at: Int64
    public var status: Int?
    public var error: String?
    public var durationMillis: Int64
    /// The node that made it.
    public var node: String
}

/// An event to put in the outbox.
public struct NewWebhook: Sendable, Equatable {
    public var partnerId: String
    public var type: WebhookType
    public var ref: String
    public var personId: String?
    public var purpose: String?

    public init(partnerId: String, type: WebhookType, ref: String, personId: String? = nil, purpose: String? = nil) {
        self.partnerId = partnerId
        self.type = type
        self.ref = ref
        self.personId = personId
        self.purpose = purpose
    }
}

/// How an attempt ended, as the delivery worker reports it.
public enum WebhookOutcome: Sendable, Equatable {
    /// A 2xx answer.
    case delivered(status: Int)
    /// Failed; try again at `retryAt` (nil: no attempt left, the delivery is failed).
    case failed(status: Int?, error: String, retryAt: Int64?)
    /// Not to be sent at all.
    case cancelled(reason: String)
}
