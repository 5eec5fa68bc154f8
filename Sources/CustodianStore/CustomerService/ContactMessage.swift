import CustodianCore

/// Where a contact message stands with customer service.
public enum ContactStatus: String, Sendable, CaseIterable, Codable {
    case open
    case answered
    case closed
    /// Waiting for a moderator: the message carries a link that URL screening flagged.
    case held
}

/// A visitor's contact details, in the clear only in memory.
public struct ContactVisitor: Sendable, Equatable {
    public var name: String
    /// The address as given (normalised).
    public var email: String
    /// E.164, when given.
    public var phone: String?

    public init(name: String, email: String, phone: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}

/// A message to send, already validated and normalised.
public struct ContactDraft: Sendable {
    /// Who sends it.
    public enum Sender: Sendable {
        /// A signed-in person: sealed with their data key, erased with them.
        case person(String)
        /// A visitor: sealed with a key of the message's own; `emailLookup` (the address
        /// lower-cased) is indexed through the blind index.
        case visitor(ContactVisitor, emailLookup: String)
    }

    public var sender: Sender
    public var topic: ContactTopic
    public var subject: String
    public var body: String
    /// The platform service whose key sent it, if any.
    public var service: String?
    /// `open`, or `held` for moderation.
    public var status: ContactStatus

    public init(sender: Sender, topic: ContactTopic, subject: String, body: String, service: String? = nil, status: ContactStatus = .open) {
        self.sender = sender
        self.topic = topic
        self.subject = subject
        self.body = body
        self.service = service
        self.status = status
    }
}

/// What can be known of a message without opening it.
public struct ContactMessageSummary: Sendable, Equatable {
    public var id: String
    /// The sender, when a signed-in person sent it; nil for a visitor.
    public var personId: String?
    /// The data key the message is sealed with: the person's id, or `contact:<id>` for a visitor.
    /// An ``Access`` to open the message must be for this subject.
    public var keySubject: String
    public var topic: ContactTopic
    public var status: ContactStatus
    public var service: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    /// Whether a visitor (no account) sent it.
    public var isFromVisitor: Bool { personId == nil }
}

/// A message opened with an ``Access``.
public struct ContactMessage: Sendable, Equatable {
    public var summary: ContactMessageSummary
    public var subject: String
    public var body: String
    /// A visitor's details; only the fields whose category the access permits. Nil for a person.
    public var visitorName: String?
    public var visitorEmail: String?
    public var visitorPhone: String?
}
