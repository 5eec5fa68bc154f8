import CustodianCore
import CustodianStore
import Foundation

/// The JSON shapes of privacy requests. None of them carries the requester's address.
enum PrivacyRequestViews {
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// The answer to filing: the status token is given out here only.
    struct Filed: Encodable {
        var id: String
        var kind: String
        var status: String
        var createdAt: Date
        var due: Date
        /// Send as `Authorization: Bearer <statusToken>` to follow the request; kept hashed, shown once.
        var statusToken: String
        /// Until when the emailed code works (absent when identity was known already).
        var codeExpiresAt: Date?

        init(_ filed: PrivacyRequestStore.Filed) {
            id = filed.summary.id
            kind = filed.summary.kind.rawValue
            status = filed.summary.status.rawValue
            createdAt = date(filed.summary.createdAt)
            due = date(filed.summary.dueAt)
            statusToken = filed.token
            codeExpiresAt = filed.codeExpiresAt.map(date)
        }
    }

    /// A request as its requester follows it.
    struct Status: Encodable {
        var id: String
        var kind: String
        var status: String
        var createdAt: Date
        var due: Date
        var verifiedAt: Date?
        var completedAt: Date?
        var outcome: String?
        /// Where the export of a completed access request waits (same token), and until when.
        var export: Export?

        struct Export: Encodable {
            var href: String
            var expiresAt: Date?
        }

        init(_ summary: PrivacyRequestSummary) {
            id = summary.id
            kind = summary.kind.rawValue
            status = summary.status.rawValue
            createdAt = date(summary.createdAt)
            due = date(summary.dueAt)
            verifiedAt = summary.verifiedAt.map(date)
            completedAt = summary.completedAt.map(date)
            outcome = summary.outcome
            if summary.hasResult, summary.status == .complete {
                export = Export(href: "/v1/requests/\(summary.id)/export", expiresAt: summary.resultExpiresAt.map(date))
            }
        }
    }

    /// A request in the staff queue.
    struct Queued: Encodable {
        var id: String
        var kind: String
        var status: String
        var channel: String
        var person: String?
        var purpose: String?
        var outcome: String?
        var createdAt: Date
        var due: Date
        var overdue: Bool
        var completedAt: Date?

        init(_ summary: PrivacyRequestSummary, now: Int64) {
            id = summary.id
            kind = summary.kind.rawValue
            status = summary.status.rawValue
            channel = summary.channel
            person = summary.personId
            purpose = summary.purpose
            outcome = summary.outcome
            createdAt = date(summary.createdAt)
            due = date(summary.dueAt)
            overdue = summary.isOverdue(at: now)
            completedAt = summary.completedAt.map(date)
        }
    }

    struct Queue: Encodable {
        var items: [Queued]
    }

    /// One request for staff: the queue entry, what the requester wrote, and every step.
    struct Detail: Encodable {
        var request: Queued
        var details: String?
        var history: [Step]

        struct Step: Encodable {
            var at: Date
            var actor: String
            var from: String?
            var to: String
            var note: String?
        }

        init(_ view: PrivacyRequestActions.StaffView, now: Int64) {
            request = Queued(view.summary, now: now)
            details = view.details
            history = view.history.map { Step(at: date($0.at), actor: $0.actor, from: $0.from?.rawValue, to: $0.to.rawValue, note: $0.note) }
        }
    }
}
