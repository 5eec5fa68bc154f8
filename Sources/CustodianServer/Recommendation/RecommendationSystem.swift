import CustodianCore
import CustodianStore
import Hummingbird
import Logging

/// Everything recommendations and profiles need, made once in the composition root: the
/// collector's queue, the live model, the service that keeps it current, and the actions the
/// catalogue, recommendation and profile routes call.
struct RecommendationSystem: Sendable {
    let queue: ViewQueue
    let live: LiveModel
    let storeReady = StartSignal()
    let service: RecommendationService
    let catalog: CatalogActions
    let recommendations: RecommendationActions
    let profiles: ProfileActions

    init(configuration: RecommendationConfiguration, repositories: Repositories, consent: ConsentService, logger: Logger) {
        let settings = configuration.settings
        let gate = PersonalisationGate(gate: consent.gate)
        queue = ViewQueue(capacity: configuration.queueCapacity)
        live = LiveModel(settings: settings, now: repositories.now())
        service = RecommendationService(
            queue: queue, live: live, builder: ModelBuilder(repositories: repositories, gate: gate, settings: settings), gate: gate,
            consent: consent, storeReady: storeReady,
            rebuildInterval: configuration.rebuildIntervalSeconds == 0 ? nil : .seconds(configuration.rebuildIntervalSeconds),
            now: repositories.now, logger: logger)
        catalog = CatalogActions(catalog: repositories.catalog, services: repositories.services, live: live, now: repositories.now)
        recommendations = RecommendationActions(live: live, consent: consent, gate: gate, services: KnownServices(registry: repositories.services))
        profiles = ProfileActions(consent: consent, people: repositories.people, events: repositories.events, live: live, audit: repositories.audit)
        if !gate.isDeclared {
            logger.warning("recommendations not personalised", metadata: ["custodian.policy.missing_purpose": .string(PersonalisationGate.purpose)])
        }
    }

    func addRoutes(to router: Router<AppRequestContext>, acceptance: AcceptanceCheck) {
        CatalogController(actions: catalog).addRoutes(to: router)
        RecommendationsController(actions: recommendations, acceptance: acceptance).addRoutes(to: router)
        ProfileController(actions: profiles).addRoutes(to: router)
    }
}
