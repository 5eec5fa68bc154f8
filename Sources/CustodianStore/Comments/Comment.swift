import CustodianCore

/// Where a comment stands with moderation.
public enum CommentStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for a moderator: a first comment from its address.
    case pending
    /// Published under its page.
    case approved
    /// Refused by a moderator; kept until erased, never published.
    case rejected
    /// Judged spam: by a moderator, or held so because URL screening flagged one of its links.
    case spam
}

/// A comment to store, already validated and normalised. In the clear only in memory.
public struct CommentDraft: Sendable {
    /// The page it belongs to (a local path such as `/privacy`).
    public var page: String
    public var name: String
    /// The address as given (normalised); sealed, never published.
    public var email: String
    /// The address's lookup form (lower-cased), indexed through the blind index.
    public var emailLookup: String
    public var website: String?
    public var body: String
    /// The signed-in commenter, linked so the comment is in their export and goes with them.
    public var person: String?
    /// URL screening flagged a link in the body or the website: stored as `spam`, never approved
    /// automatically.
    public var flagged: Bool

    public init(page: String, name: String, email: String, emailLookup: String, website: String?, body: String, person: String? = nil, flagged: Bool = false) {
        self.page = page
        self.name = name
        self.email = email
        self.emailLookup = emailLookup
        self.website = website
        self.body = body
        self.person = person
        self.flagged = flagged
    }
}

/// What can be known of a comment without opening it.
public struct CommentSummary: Sendable, Equatable {
    public var id: String
    public var page: String
    public var status: CommentStatus
    /// The signed-in commenter, if any.
    public var personId: String?
    /// The data key the comment is sealed with (`comment:<id>`); an ``Access`` to open the
    /// comment must be for this subject.
    public var keySubject: String
    public var createdAt: Int64
    public var updatedAt: Int64
}

/// What a comment shows: the name, website and body. There is deliberately no email here: the
/// store opens the sealed address for nobody but the commenter's own export.
public struct CommentContent: Sendable, Equatable {
    public var name: String
    public var website: String?
    public var body: String
}

/// A comment as listed: its summary and, when the access allowed it, its content.
public struct CommentRecord: Sendable, Equatable {
    public var summary: CommentSummary
    /// Nil when no access was given for it or its key is gone.
    public var content: CommentContent?
}
