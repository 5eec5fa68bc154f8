import CustodianCore
import CustodianStore
import Hummingbird
import Logging

/// The partners capability's part of the composition root: registry and partner API, the
/// person's views of shares, received data and out-of-scope records, the data map, and the
/// webhook delivery service (returned, for the service group).
func addPartnerRoutes(
    to router: Router<AppRequestContext>, repositories: Repositories, consent: ConsentService, published: PublishedPolicy,
    configuration: ServerConfiguration, logger: Logger
) throws -> WebhookDeliveryService {
    let disclosure = PartnerDisclosure(consent: consent, people: repositories.people)
    let admin = PartnerAdminActions(
        registry: repositories.partners, apiKeys: repositories.apiKeys, compiled: published.compiled, webhooks: configuration.webhooks)
    PartnerAdminController(
        actions: admin, registry: repositories.partners, shares: repositories.shares, outbox: repositories.webhookOutbox, audit: repositories.audit,
        policy: published.policy
    ).addRoutes(to: router)
    PartnerAPIController(
        caller: PartnerCaller(registry: repositories.partners),
        inbound: PartnerInboundActions(
            people: repositories.people, references: repositories.partnerReferences, records: repositories.partnerRecords, consent: consent,
            acceptances: repositories.acceptances, audit: repositories.audit, defaultRegion: configuration.defaultRegion),
        outbound: PartnerOutboundActions(
            disclosure: disclosure, references: repositories.partnerReferences, people: repositories.people, shares: repositories.shares,
            defaultRegion: configuration.defaultRegion)
    ).addRoutes(to: router)
    MyPartnerDataController(
        shares: repositories.shares, records: repositories.partnerRecords, registry: repositories.partners, outOfScope: repositories.outOfScope,
        audit: repositories.audit, policy: published.policy
    ).addRoutes(to: router)
    OutOfScopeController(store: repositories.outOfScope, audit: repositories.audit, policy: published.policy).addRoutes(to: router)
    try DataMapController(published: published).addRoutes(to: router)
    return WebhookDeliveryService(
        outbox: repositories.webhookOutbox, registry: repositories.partners, disclosure: disclosure, configuration: configuration.webhooks,
        logger: logger, now: repositories.now)
}
