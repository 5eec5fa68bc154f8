import CustodianCore
import CustodianStore
import Foundation
import Synchronization

/// Turns an outbox message into the message to send, at send time: the gate decides again for
/// this message (a fresh read of the ledger, so an unsubscribe a moment ago counts), the address
/// and name are opened with the access it gives, and the content is rendered.
struct MessageComposer: Sendable {
    let consent: ConsentService
    let people: PersonVault
    let outbox: Outbox
    let campaigns: CampaignStore
    let from: Mailbox
    let links: UnsubscribeLinks
    let stepUpMinutes: Int
    private let templates = TemplateCache()

    init(consent: ConsentService, people: PersonVault, outbox: Outbox, campaigns: CampaignStore, from: Mailbox, links: UnsubscribeLinks, stepUpMinutes: Int) {
        self.consent = consent
        self.people = people
        self.outbox = outbox
        self.campaigns = campaigns
        self.from = from
        self.links = links
        self.stepUpMinutes = stepUpMinutes
    }

    /// A message ready for SMTP, or what to record instead.
    enum Composition: Sendable {
        case ready(MailEnvelope, categories: [String])
        case outcome(OutboxOutcome)
    }

    func compose(_ message: OutboxMessage, now: Int64) async throws -> Composition {
        if let expiresAt = message.expiresAt, expiresAt <= now { return .outcome(.failed(code: nil, reason: "expired")) }
        let categories = MessagePurposes.categories(for: message.purpose, in: consent.gate.compiled)
        guard categories.contains(MessagePurposes.email) else { return .outcome(.failed(code: nil, reason: "purpose_cannot_read_email")) }
        var campaign: (Campaign, CampaignTemplates)?
        if message.kind == .campaign {
            guard let id = message.campaignId, let loaded = try await self.campaign(id) else { return .outcome(.failed(code: nil, reason: "campaign_missing")) }
            campaign = loaded
        }
        // Decide afresh: another node may have recorded an unsubscribe since the cache was filled.
        consent.forget(message.personId)
        let access: Access
        do {
            switch try await consent.authorize(person: message.personId, purpose: message.purpose, categories: categories, actor: "service:messaging") {
            case .success(let granted): access = granted
            case .failure(let decision): return .outcome(.suppressed(reason: decision.reason.code.rawValue))
            }
            if let loaded = campaign?.0 {
                for purpose in MessagePurposes.required(for: loaded).dropFirst() {
                    let decision = try await consent.decide(
                        person: message.personId, purpose: purpose, categories: [], signals: .none, actor: "service:messaging")
                    guard let decision, decision.allowed else { return .outcome(.suppressed(reason: decision?.reason.code.rawValue ?? "person_gone")) }
                }
            }
        } catch ConsentError.unknownPerson {
            return .outcome(.suppressed(reason: "person_gone"))
        }
        let values = Dictionary(try await people.attributes(of: message.personId, access: access).map { ($0.field, $0.value) }) { first, _ in first }
        guard let stored = values["email"], let address = try? EmailValidator().validate(stored).get() else {
            return .outcome(.failed(code: nil, reason: "no_email"))
        }
        let to = Mailbox(name: nil, address: address.asciiForm)
        var mail = MailMessage(
            from: from, to: to, subject: "", text: "", date: Date(timeIntervalSince1970: Double(now) / 1000),
            messageID: message.messageID(domain: from.domain))
        switch message.kind {
        case .campaign:
            guard case let (loaded, compiled)? = campaign,
                  let url = try await links.url(for: UnsubscribeToken(person: message.personId, purpose: message.purpose, campaign: loaded.id, issuedAt: now))
            else { return .outcome(.failed(code: nil, reason: "no_unsubscribe_url")) }
            let rendered = compiled.render(.init(name: values["name"] ?? "", unsubscribeUrl: url, partner: loaded.partner, campaign: loaded.name))
            (mail.subject, mail.text, mail.html) = rendered
            // RFC 2369 and RFC 8058: a link to unsubscribe, and that a POST to it does so in one click.
            mail.headers = [("List-Unsubscribe", "<\(url)>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("Precedence", "bulk")]
        case .stepUpCode:
            guard let code = try await outbox.payload(of: message, access: access)?["code"] else { return .outcome(.failed(code: nil, reason: "payload_missing")) }
            let content = TransactionalMail.stepUpCode(code, name: values["name"], minutes: stepUpMinutes)
            (mail.subject, mail.text) = (content.subject, content.text)
            mail.headers = [("Auto-Submitted", "auto-generated")]
        case .privacyRequestCode:
            guard let payload = try await outbox.payload(of: message, access: access), let code = payload["code"],
                  let kind = payload["kind"].flatMap(PrivacyRequestKind.init)
            else { return .outcome(.failed(code: nil, reason: "payload_missing")) }
            let content = TransactionalMail.privacyRequestCode(code, kind: kind, name: values["name"], minutes: Int(PrivacyRequestStore.codeLifetimeMillis / 60_000))
            (mail.subject, mail.text) = (content.subject, content.text)
            mail.headers = [("Auto-Submitted", "auto-generated")]
        case .registrationNotice:
            let content = TransactionalMail.registrationNotice(name: values["name"])
            (mail.subject, mail.text) = (content.subject, content.text)
            mail.headers = [("Auto-Submitted", "auto-generated")]
        }
        do {
            let bytes = try MIMEWriter.render(mail)
            return .ready(MailEnvelope(from: from.address, to: to.address, message: bytes, needsUTF8: to.needsUTF8), categories: categories)
        } catch {
            return .outcome(.failed(code: nil, reason: "unsafe_message"))
        }
    }

    /// A campaign and its compiled templates, compiled once per process.
    private func campaign(_ id: String) async throws -> (Campaign, CampaignTemplates)? {
        if let cached = templates[id] { return cached }
        guard let campaign = try await campaigns.campaign(id) else { return nil }
        guard let compiled = try? CampaignTemplates(subject: campaign.subject, text: campaign.text, html: campaign.html) else { return nil }
        templates[id] = (campaign, compiled)
        return (campaign, compiled)
    }
}

/// Campaigns with their compiled templates, by id; campaigns do not change once created.
private final class TemplateCache: Sendable {
    private let entries = Mutex<[String: (Campaign, CampaignTemplates)]>([:])

    subscript(_ id: String) -> (Campaign, CampaignTemplates)? {
        get { entries.withLock { $0[id] } }
        set { entries.withLock { $0[id] = newValue } }
    }
}
