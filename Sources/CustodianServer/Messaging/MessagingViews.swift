import CustodianCore
import CustodianStore
import Foundation

/// The JSON shapes of the messaging endpoints.
enum MessagingViews {
    struct CampaignView: Encodable, Sendable {
        var id: String
        var name: String
        var kind: String
        var channel: String
        var purpose: String
        var partner: String?
        var subject: String
        var text: String
        var html: String?
        var audience: Audience
        var status: String
        var createdAt: Date
        var queuedAt: Date?
        var report: CampaignReport?
        /// Messages by state, once queued.
        var delivery: [String: Int]?

        struct Audience: Encodable, Sendable {
            var attributes: [String: [String]]
        }

        init(_ campaign: Campaign, delivery: [OutboxState: Int]? = nil) {
            id = campaign.id
            name = campaign.name
            kind = campaign.kind.rawValue
            channel = campaign.channel
            purpose = campaign.purpose
            partner = campaign.partner
            subject = campaign.subject
            text = campaign.text
            html = campaign.html
            audience = Audience(attributes: campaign.attributes)
            status = campaign.status.rawValue
            createdAt = date(campaign.createdAt)
            queuedAt = campaign.queuedAt.map(date)
            report = campaign.report
            self.delivery = delivery.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.rawValue, $0.value) }) }
        }
    }

    struct Queued: Encodable, Sendable {
        var campaign: CampaignView
        var report: CampaignReport
        var mail: Mail
    }

    struct Mail: Encodable, Sendable {
        var configured: Bool
        /// What happens to queued messages, in a sentence.
        var delivery: String

        init(configured: Bool) {
            self.configured = configured
            delivery = configured
                ? "Messages are being sent."
                : "Mail is not configured (CUSTODIAN_SMTP_URL, CUSTODIAN_MAIL_FROM): messages wait in the outbox until it is."
        }
    }

    struct Status: Encodable, Sendable {
        var mail: Mail
        var outbox: [String: Int]
    }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }
}
