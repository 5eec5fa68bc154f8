import CustodianCore

/// What an outbox message is: the kind decides how it is composed at send time.
public enum OutboxKind: String, Sendable, CaseIterable, Codable {
    /// One recipient of a campaign (a promotion or a partner promotion).
    case campaign
    /// A one-time sign-in code (step-up).
    case stepUpCode = "step_up_code"
    /// "Someone tried to register with your address."
    case registrationNotice = "registration_notice"
    /// The one-time code that verifies the identity behind a privacy request.
    case privacyRequestCode = "privacy_request_code"
}

/// Where a message is in its life.
///
/// `queued → sending → sent`, or `→ failed_temporary` (tried again at `nextAttemptAt`, back to
/// `sending`), `→ failed_permanent` (5xx, gave up after the schedule's attempts, or expired), or
/// `→ suppressed` (the purpose gate refused it at send time: the person unsubscribed or withdrew
/// consent after it was queued). `sent`, `failed_permanent` and `suppressed` are final.
public enum OutboxState: String, Sendable, CaseIterable, Codable {
    case queued
    case sending
    case sent
    case failedTemporary = "failed_temporary"
    case failedPermanent = "failed_permanent"
    case suppressed

    /// Whether the message will never be tried again.
    public var isFinal: Bool { self == .sent || self == .failedPermanent || self == .suppressed }
}

/// One message in the outbox. It names its recipient by person id only: the address is read
/// from the person's sealed profile when it is sent, through the purpose gate.
public struct OutboxMessage: Sendable, Equatable {
    public var id: String
    public var kind: OutboxKind
    public var personId: String
    /// The purpose the message is sent under; the gate must allow it at send time.
    public var purpose: String
    public var campaignId: String?
    public var state: OutboxState
    /// How many times sending has been tried (counted when a sender claims it).
    public var attempts: Int
    public var nextAttemptAt: Int64
    /// After this time the message is no longer worth sending (a one-time code), if set.
    public var expiresAt: Int64?
    /// The last SMTP reply code, when there was one.
    public var lastCode: Int?
    /// A stable reason code for the last failure or suppression; never a server's text.
    public var lastError: String?
    public var createdAt: Int64
    public var sentAt: Int64?
    /// Whether a sealed payload goes with the message.
    public var hasPayload: Bool

    /// `<id@domain>`: the same on every attempt, so a receiver can tell a repeat from a new message.
    public func messageID(domain: String) -> String {
        "<\(id)@\(domain)>"
    }
}

/// A message to put in the outbox.
public struct OutboxDraft: Sendable {
    public var kind: OutboxKind
    public var personId: String
    public var purpose: String
    public var campaignId: String?
    /// Values the message needs (a code), sealed with the person's data key; nil for none.
    public var payload: [String: String]?
    public var expiresAt: Int64?

    public init(kind: OutboxKind, personId: String, purpose: String, campaignId: String? = nil, payload: [String: String]? = nil, expiresAt: Int64? = nil) {
        self.kind = kind
        self.personId = personId
        self.purpose = purpose
        self.campaignId = campaignId
        self.payload = payload
        self.expiresAt = expiresAt
    }
}

/// The outcome of one attempt, as the sender records it.
public enum OutboxOutcome: Sendable, Equatable {
    /// The server accepted the message (2xx after DATA).
    case sent(code: Int)
    /// Try again at `retryAt` (4xx, connection trouble, a timeout).
    case retry(at: Int64, code: Int?, reason: String)
    /// Never try again (5xx, attempts used up, expired, no address).
    case failed(code: Int?, reason: String)
    /// The gate refused it at send time.
    case suppressed(reason: String)

    var state: OutboxState {
        switch self {
        case .sent: .sent
        case .retry: .failedTemporary
        case .failed: .failedPermanent
        case .suppressed: .suppressed
        }
    }
}
