import CustodianCore
import CustodianStore
import Logging

/// Messaging as the composition root builds it: the SMTP client (when configured), the outbox
/// sender, the mailer for the service's own messages, campaigns and unsubscribe links.
struct Messaging: Sendable {
    let mailer: Mailer
    let delivery: OutboxDelivery
    let campaigns: CampaignActions
    let unsubscribe: UnsubscribeActions
    let links: UnsubscribeLinks

    /// - Throws: a configuration error when the SMTP settings cannot be used (a CA file that does not load).
    init(configuration: ServerConfiguration, repositories: Repositories, consent: ConsentService, logger: Logger) throws {
        let mail = configuration.mail
        let doorbell = Doorbell()
        let links = UnsubscribeLinks(keyring: repositories.keyring, publicURL: configuration.publicURL)
        let client = try mail.smtp.map { try SMTPClient(configuration: $0) }
        let composer = mail.from.map { from in
            MessageComposer(
                consent: consent, people: repositories.people, outbox: repositories.outbox, campaigns: repositories.campaigns, from: from,
                links: links, stepUpMinutes: SignInService.stepUpMinutes)
        }
        self.links = links
        mailer = Mailer(outbox: repositories.outbox, doorbell: doorbell, isConfigured: mail.isConfigured)
        delivery = OutboxDelivery(
            outbox: repositories.outbox, composer: composer, client: client, schedule: RetrySchedule(baseMillis: Int64(mail.retryBaseMillis), maxAttempts: mail.maxAttempts),
            pollInterval: .milliseconds(mail.outboxPollMillis), doorbell: doorbell, logger: logger, now: repositories.now)
        campaigns = CampaignActions(
            campaigns: repositories.campaigns, outbox: repositories.outbox, consent: consent, doorbell: doorbell, links: links,
            mailConfigured: mail.isConfigured)
        unsubscribe = UnsubscribeActions(links: links, consent: consent, campaigns: repositories.campaigns)
    }
}
