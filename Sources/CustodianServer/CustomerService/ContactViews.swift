import CustodianCore
import CustodianStore
import Foundation

/// The JSON shapes of contact messages.
enum ContactViews {
    /// Who handles messages: the policy's controller and the ways to reach them.
    struct ControllerView: Encodable {
        var name: String
        var contactStatement: String
        var channels: [Channel]

        struct Channel: Encodable {
            var kind: String
            var value: String
            var label: String
        }

        init(_ policy: Policy) {
            name = policy.controller.name
            contactStatement = policy.resolved(policy.controller.contactStatement)
            channels = policy.controller.contactChannels.map { Channel(kind: $0.kind.rawValue, value: $0.value, label: $0.label) }
        }
    }

    /// The answer to sending a message.
    struct Receipt: Encodable {
        var id: String
        var status: String
        var topic: String
        var createdAt: Date
        var controller: ControllerView
        /// Why the message waits for a moderator, when it does.
        var hold: Hold?
    }

    /// Why a message is held: the reasons URL screening gave for its links.
    struct Hold: Encodable {
        var reasons: [RiskViews.Reason]

        init?(_ reasons: [URLRiskReason]) {
            guard !reasons.isEmpty else { return nil }
            self.reasons = reasons.map(RiskViews.Reason.init)
        }
    }

    /// A message as its sender sees it.
    struct Own: Encodable {
        var id: String
        var topic: String
        var status: String
        var subject: String
        var body: String
        var createdAt: Date
        var updatedAt: Date

        init(_ message: ContactMessage) {
            id = message.summary.id
            topic = message.summary.topic.rawValue
            status = message.summary.status.rawValue
            subject = message.subject
            body = message.body
            createdAt = date(message.summary.createdAt)
            updatedAt = date(message.summary.updatedAt)
        }
    }

    /// A message in staff's list: no contents.
    struct Summary: Encodable {
        var id: String
        var topic: String
        var status: String
        /// `person` or `visitor`.
        var from: String
        var personId: String?
        var service: String?
        var createdAt: Date
        var updatedAt: Date

        init(_ summary: ContactMessageSummary) {
            id = summary.id
            topic = summary.topic.rawValue
            status = summary.status.rawValue
            from = summary.isFromVisitor ? "visitor" : "person"
            personId = summary.personId
            service = summary.service
            createdAt = date(summary.createdAt)
            updatedAt = date(summary.updatedAt)
        }
    }

    /// A message opened for staff.
    struct Opened: Encodable {
        var id: String
        var topic: String
        var status: String
        var from: String
        var personId: String?
        var service: String?
        var createdAt: Date
        var updatedAt: Date
        var subject: String
        var body: String
        var sender: ContactVisitorDetails
        var hold: Hold?

        init(_ message: ContactMessage, sender: ContactVisitorDetails) {
            let summary = Summary(message.summary)
            id = summary.id
            topic = summary.topic
            status = summary.status
            from = summary.from
            personId = summary.personId
            service = summary.service
            createdAt = summary.createdAt
            updatedAt = summary.updatedAt
            subject = message.subject
            body = message.body
            self.sender = sender
        }
    }

    /// A page of a newest-first list; `next` is the cursor of the following page.
    struct Page<Item: Encodable>: Encodable {
        var items: [Item]
        var next: String?
    }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }
}
