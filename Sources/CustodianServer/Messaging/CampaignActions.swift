import CustodianCore
import CustodianStore
import Foundation

/// What the campaign endpoints do: check a draft (templates, channel, purposes, narrowing),
/// store it, queue it once, and report on it.
struct CampaignActions: Sendable {
    let campaigns: CampaignStore
    let outbox: Outbox
    let consent: ConsentService
    let doorbell: Doorbell
    let links: UnsubscribeLinks
    let mailConfigured: Bool

    /// A campaign as sent to `POST /v1/campaigns`.
    struct Draft: Decodable, Sendable {
        var name: String?
        /// `promotion` (default) or `partner`.
        var kind: String?
        /// `email` (default).
        var channel: String?
        var partner: String?
        var subject: String?
        var text: String?
        var html: String?
        var audience: Audience?

        struct Audience: Decodable, Sendable {
            /// Profile fields and the values a recipient must have one of.
            var attributes: [String: [String]]?
        }
    }

    /// Validates `draft` field by field (422 naming each) and stores it.
    func create(_ draft: Draft, actor: String, requestId: String) async throws -> Campaign {
        var problems: [FieldError] = []
        func fail(_ field: String, _ code: String, _ message: String) { problems.append(FieldError(field: field, code: code, message: message)) }
        let name = draft.name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if name.isEmpty || name.count > 200 { fail("name", name.isEmpty ? "required" : "too_long", "Give a name of 1 to 200 characters.") }
        let kind = CampaignKind(rawValue: draft.kind ?? CampaignKind.promotion.rawValue)
        if kind == nil { fail("kind", "invalid_choice", "Choose promotion or partner.") }
        let channel = draft.channel ?? "email"
        if channel != "email" { fail("channel", "unsupported_channel", "Only the email channel is delivered.") }
        let policy = consent.policy
        var purpose = MessagePurposes.marketing(channel: channel)
        if kind == .partner {
            if let sharing = MessagePurposes.partnerSharing(in: policy) {
                purpose = sharing
            } else {
                fail("kind", "no_partner_purpose", "The policy declares no opt-in purpose for sharing with partners, so partner promotions cannot be sent.")
            }
            let partner = draft.partner?.trimmingCharacters(in: .whitespaces) ?? ""
            if partner.isEmpty || partner.count > 100 || (try? MailHeader.checkValue(partner, field: "partner")) == nil {
                fail("partner", "required", "Name the partner (1 to 100 characters, one line).")
            }
        } else if draft.partner != nil {
            fail("partner", "not_allowed", "Only partner campaigns name a partner.")
        }
        if policy.purpose(MessagePurposes.marketing(channel: channel)) == nil {
            fail("channel", "purpose_not_declared", "The policy declares no \(MessagePurposes.marketing(channel: channel)) purpose.")
        }
        var templates: CampaignTemplates?
        do {
            templates = try CampaignTemplates(subject: draft.subject ?? "", text: draft.text ?? "", html: draft.html)
        } catch {
            fail(error.field, error.code, error.message)
        }
        let attributes = draft.audience?.attributes ?? [:]
        let readable = consent.gate.compiled.readableCategories(of: purpose)
        for (field, values) in attributes.sorted(by: { $0.key < $1.key }) {
            let path = "audience.attributes.\(field)"
            guard let category = ProfileFields.categories[field] else {
                fail(path, "unknown_field", "Narrow by a profile field: \(ProfileFields.all.joined(separator: ", "))."); continue
            }
            if !readable.contains(category) {
                fail(path, "attribute_not_allowed", "The policy does not let \(purpose) read \(category), so campaigns cannot be narrowed by it.")
            }
            if values.isEmpty || values.count > 100 || values.contains(where: { $0.isEmpty || $0.count > 200 }) {
                fail(path, "invalid_values", "Give 1 to 100 values of 1 to 200 characters.")
            }
        }
        // Templates are re-checked before the first problem is reported, so one 422 names them all.
        guard problems.isEmpty, let kind, templates != nil else { throw AppError.validation(problems) }
        let campaign = Campaign(
            name: name, kind: kind, channel: channel, purpose: purpose, partner: kind == .partner ? draft.partner?.trimmingCharacters(in: .whitespaces) : nil,
            subject: draft.subject ?? "", text: draft.text ?? "", html: draft.html, attributes: attributes, createdBy: actor, createdAt: consent.now())
        try await campaigns.create(campaign, actor: actor, requestId: requestId)
        return campaign
    }

    /// Draws the audience and queues the messages; once per campaign.
    func queue(_ id: String, actor: String, requestId: String) async throws -> (Campaign, CampaignReport) {
        guard links.baseURL != nil else { throw AppError.unsubscribeURLUnavailable }
        guard let campaign = try await campaigns.campaign(id) else { throw AppError.campaignNotFound }
        let purposes = MessagePurposes.required(for: campaign)
        let compiled = consent.gate.compiled
        let rules = AudienceRules(
            purposes: purposes, categories: [campaign.purpose: MessagePurposes.categories(for: campaign.purpose, in: compiled)], gate: consent.gate,
            attributes: campaign.attributes.mapValues(Set.init))
        let report: CampaignReport
        do {
            report = try await campaigns.queue(id, rules: rules, fieldCategories: ProfileFields.categories, actor: actor, requestId: requestId)
        } catch CampaignError.alreadyQueued {
            throw AppError.campaignAlreadyQueued
        } catch CampaignError.notFound {
            throw AppError.campaignNotFound
        }
        doorbell.ring()
        return (try await campaigns.campaign(id) ?? campaign, report)
    }

    /// A campaign with what became of its messages.
    func view(_ id: String) async throws -> MessagingViews.CampaignView {
        guard let campaign = try await campaigns.campaign(id) else { throw AppError.campaignNotFound }
        let delivery = campaign.status == .queued ? try await outbox.counts(campaign: id) : nil
        return MessagingViews.CampaignView(campaign, delivery: delivery)
    }
}

extension AppError {
    static let campaignNotFound = AppError(.notFound, code: "campaign_not_found", message: "There is no campaign with this id.")
    static let campaignAlreadyQueued = AppError(.conflict, code: "campaign_already_queued", message: "This campaign was queued already; a campaign is sent once.")
    static let unsubscribeURLUnavailable = AppError(
        .conflict, code: "unsubscribe_url_unavailable",
        message: "Promotions must carry an https unsubscribe link (RFC 8058): set CUSTODIAN_PUBLIC_URL to the https address people reach this server at.")
}
