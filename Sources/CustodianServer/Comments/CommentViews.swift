import CustodianCore
import CustodianStore
import Foundation

/// The JSON shapes of comments. None has a field for the email address: it is never returned.
enum CommentViews {
    /// The answer to posting: whether the comment is published or waits. A comment held as spam
    /// answers `pending` like a first comment, so that screening tells a spammer nothing.
    struct Receipt: Encodable {
        var id: String
        var page: String
        var status: String
        var createdAt: Date
        var message: String

        init(_ summary: CommentSummary) {
            id = summary.id
            page = summary.page
            let published = summary.status == .approved
            status = published ? CommentStatus.approved.rawValue : CommentStatus.pending.rawValue
            createdAt = ContactViews.date(summary.createdAt)
            message = published ? "Your comment is published." : "Your comment is awaiting moderation."
        }
    }

    /// A published comment, as anyone sees it.
    struct Published: Encodable {
        var id: String
        var page: String
        var name: String
        var website: String?
        var body: String
        var createdAt: Date

        init?(_ record: CommentRecord) {
            guard let content = record.content else { return nil }
            id = record.summary.id
            page = record.summary.page
            name = content.name
            website = content.website
            body = content.body
            createdAt = ContactViews.date(record.summary.createdAt)
        }
    }

    /// A page of published comments; `next` is the cursor of older ones.
    struct PublishedPage: Encodable {
        var page: String
        var items: [Published]
        var next: String?
    }

    /// A comment as staff see it: status and, when the gate let it open, name, website and body.
    /// `personId` says the commenter was signed in. Never the address.
    struct Moderated: Encodable {
        var id: String
        var page: String
        var status: String
        var personId: String?
        var name: String?
        var website: String?
        var body: String?
        /// True when the content could not be opened (its key is gone, or the policy refuses).
        var withheld: Bool?
        var createdAt: Date
        var updatedAt: Date

        init(_ record: CommentRecord) {
            self.init(record.summary)
            name = record.content?.name
            website = record.content?.website
            body = record.content?.body
            withheld = record.content == nil ? true : nil
        }

        init(_ summary: CommentSummary) {
            id = summary.id
            page = summary.page
            status = summary.status.rawValue
            personId = summary.personId
            createdAt = ContactViews.date(summary.createdAt)
            updatedAt = ContactViews.date(summary.updatedAt)
        }
    }
}
