import CustodianCore

/// What a privacy request asks for (the rights the policy names).
public enum PrivacyRequestKind: String, Sendable, CaseIterable, Codable {
    /// A copy of everything held about the requester.
    case access
    /// Something held is wrong; the details say what.
    case correction
    /// Erase the requester's account and data.
    case erasure
    /// Stop a use of the requester's data (a purpose); the details say which and why.
    case objection
}

/// Where a request is in its life.
///
/// `identity_unverified → pending` (the emailed code was given) or `→ denied` (staff close a
/// request whose identity was never verified), then staff move it:
/// `pending → approved | denied`, `approved → in_progress | complete | denied`,
/// `in_progress → complete | denied`. `denied` and `complete` are final.
public enum PrivacyRequestStatus: String, Sendable, CaseIterable, Codable {
    case identityUnverified = "identity_unverified"
    case pending
    case approved
    case denied
    case inProgress = "in_progress"
    case complete

    /// Whether a request may move from this status to `next` (`identity_unverified → pending`
    /// only by the requester's code: see ``isStaffStep(to:)``).
    public func allows(_ next: PrivacyRequestStatus) -> Bool {
        switch (self, next) {
        case (.identityUnverified, .pending), (.identityUnverified, .denied): true
        case (.pending, .approved), (.pending, .denied): true
        case (.approved, .inProgress), (.approved, .complete), (.approved, .denied): true
        case (.inProgress, .complete), (.inProgress, .denied): true
        default: false
        }
    }

    /// Whether staff may take the request from this status to `next`: any allowed step but
    /// verifying an identity, which only the requester's code does.
    public func isStaffStep(to next: PrivacyRequestStatus) -> Bool {
        allows(next) && !(self == .identityUnverified && next == .pending)
    }

    /// Whether nothing more will happen to the request.
    public var isFinal: Bool { self == .denied || self == .complete }
}

/// A request as stored, without its sealed values (the email, details and notes).
public struct PrivacyRequestSummary: Sendable, Equatable {
    public var id: String
    public var kind: PrivacyRequestKind
    public var status: PrivacyRequestStatus
    /// `api`, `web` or `account` (filed by a signed-in person).
    public var channel: String
    /// The person the verified email belongs to; nil before verification and when it matches nobody.
    public var personId: String?
    /// The subject of the request's own data key.
    public var keySubject: String
    /// For an objection: the purpose objected to, when one was named.
    public var purpose: String?
    /// What fulfilment came to (`exported`, `erased`, `no_data`, `recorded` …), once complete.
    public var outcome: String?
    public var createdAt: Int64
    public var dueAt: Int64
    public var verifiedAt: Int64?
    public var completedAt: Int64?
    public var updatedAt: Int64
    /// Whether an export waits for the requester, and until when.
    public var hasResult: Bool
    public var resultExpiresAt: Int64?

    /// Whether the deadline has passed while the request was still open.
    public func isOverdue(at time: Int64) -> Bool { !status.isFinal && dueAt < time }
}

/// One step in a request's history.
public struct PrivacyRequestEvent: Sendable, Equatable {
    public var at: Int64
    public var actor: String
    public var from: PrivacyRequestStatus?
    public var to: PrivacyRequestStatus
    /// The note given with the step, opened; nil when none was given or the request's key is gone.
    public var note: String?
}

/// A request's sealed values, opened through the gate (the requester's right, not a use).
public struct PrivacyRequestContact: Sendable, Equatable {
    /// The address as the requester gave it; nil once shredded (after an erasure).
    public var email: String?
    public var details: String?
}

/// A request to file.
public struct PrivacyRequestDraft: Sendable {
    public var kind: PrivacyRequestKind
    public var channel: String
    /// The address as given, and its lookup form (lower-cased) for the blind index.
    public var email: String
    public var emailLookup: String
    public var details: String?
    public var purpose: String?
    /// Set when a signed-in person files it: identity is already verified, the request starts `pending`.
    public var verifiedPerson: String?
    /// Days until the request is due.
    public var deadlineDays: Int

    public init(
        kind: PrivacyRequestKind, channel: String, email: String, emailLookup: String, details: String? = nil, purpose: String? = nil,
        verifiedPerson: String? = nil, deadlineDays: Int
    ) {
        self.kind = kind
        self.channel = channel
        self.email = email
        self.emailLookup = emailLookup
        self.details = details
        self.purpose = purpose
        self.verifiedPerson = verifiedPerson
        self.deadlineDays = deadlineDays
    }
}

/// Why a step on a request was refused.
public enum PrivacyRequestError: Error, Sendable, Equatable {
    case notFound
    /// The request cannot go from its status to the one asked for.
    case invalidTransition(from: PrivacyRequestStatus, to: PrivacyRequestStatus)
    /// The requester has asked for as many codes as a request may have.
    case tooManyCodes
}
