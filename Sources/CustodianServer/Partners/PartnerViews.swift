import CustodianCore
import CustodianStore
import Foundation

/// The JSON shapes of the partner API, the admin partner API and the person's own views.
enum PartnerViews {
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    struct Items<T: Encodable>: Encodable {
        var items: [T]
        var next: String?
    }

    struct PartnerView: Encodable {
        var id: String
        var name: String
        var source: String
        var contact: String
        var recipient: String
        var purposes: [String]
        var categories: [String]
        var sourceCategories: [String]
        var webhookUrl: String?
        var push: Bool
        var status: String
        var createdAt: Date
        var updatedAt: Date
        /// Only in the answer that created or rotated it, once.
        var webhookSecret: String?

        init(_ partner: Partner, secret: String? = nil) {
            id = partner.id
            name = partner.name
            source = partner.source
            contact = partner.contact
            recipient = partner.grant.recipient
            purposes = partner.grant.purposes
            categories = partner.grant.categories
            sourceCategories = partner.grant.sourceCategories
            webhookUrl = partner.webhookURL
            push = partner.push
            status = partner.status.rawValue
            createdAt = date(partner.createdAt)
            updatedAt = date(partner.updatedAt)
            webhookSecret = secret
        }
    }

    struct DeliveryView: Encodable {
        var id: String
        var partner: String
        var type: String
        var ref: String
        var purpose: String?
        var status: String
        var attempts: Int
        var nextAttemptAt: Date?
        var lastStatus: Int?
        var lastError: String?
        var shareLogged: Bool
        var createdAt: Date
        var deliveredAt: Date?
        var attemptLog: [AttemptView]?

        init(_ delivery: WebhookDelivery, attempts log: [WebhookAttempt]? = nil) {
            id = delivery.id
            partner = delivery.partnerId
            type = delivery.type.rawValue
            ref = delivery.ref
            purpose = delivery.purpose
            status = delivery.status.rawValue
            attempts = delivery.attempts
            nextAttemptAt = delivery.status == .pending ? date(delivery.nextAttemptAt) : nil
            lastStatus = delivery.lastStatus
            lastError = delivery.lastError
            shareLogged = delivery.shareLogged
            createdAt = date(delivery.createdAt)
            deliveredAt = delivery.deliveredAt.map(date)
            attemptLog = log?.map(AttemptView.init)
        }
    }

    struct AttemptView: Encodable {
        var attempt: Int
        var at: Date
        var status: Int?
        var error: String?
        var durationMs: Int64
        var node: String

        init(_ attempt: WebhookAttempt) {
            self.attempt = attempt.attempt
            at = date(attempt.at)
            status = attempt.status
            error = attempt.error
            durationMs = attempt.durationMillis
            node = attempt.node
        }
    }

    /// A share as the person (or an administrator) sees it: who, what, why, when — no values.
    struct ShareView: Encodable {
        var partner: String
        var partnerContact: String?
        var purpose: String
        var purposeTitle: String?
        var categories: [String]
        var channel: String
        var sharedAt: Date
        var person: String?

        init(_ entry: ShareEntry, policy: Policy, contact: String?, showPerson: Bool = false) {
            partner = entry.partnerName
            partnerContact = contact
            purpose = entry.purpose
            purposeTitle = policy.purpose(entry.purpose)?.title
            categories = entry.categories
            channel = entry.channel.rawValue
            sharedAt = date(entry.sharedAt)
            person = showPerson ? entry.personId : nil
        }
    }

    /// An attribute a partner sent, as the person sees it.
    struct ReceivedView: Encodable {
        var source: String
        var partner: String
        var field: String
        var category: String
        var categoryLabel: String?
        var value: String
        var updatedAt: Date

        init(_ value: ReceivedValue, policy: Policy) {
            source = value.source
            partner = String(value.source.dropFirst("partner:".count))
            field = value.field
            category = value.category
            categoryLabel = policy.category(value.category)?.label
            self.value = value.value
            updatedAt = date(value.updatedAt)
        }
    }
}
