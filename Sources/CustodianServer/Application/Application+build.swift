import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import Logging

/// Builds the Custodian application: the composition root where every service is made once.
///
/// - Parameters:
///   - configuration: validated server configuration.
///   - store: an already-built store (tests pass one); built from `configuration` when nil.
///   - logger: where the application logs; by default a `custodian` logger at the configured level.
///   - onServerRunning: called with the bound address once the server listens.
public func buildApplication(
    configuration: ServerConfiguration,
    store existingStore: CustodianStore? = nil,
    logger existingLogger: Logger? = nil,
    onServerRunning: (@Sendable (String) async -> Void)? = nil
) async throws -> some ApplicationProtocol {
    let logger = existingLogger ?? {
        var logger = Logger(label: "custodian")
        logger.logLevel = configuration.logLevel
        return logger
    }()
    PrometheusExport.bootstrap()
    // A policy that does not load or has errors refuses start-up, before anything is opened.
    let policyFile = try PolicyFile.load(path: configuration.policyFile)
    let published = PublishedPolicy(policyFile.policy)
    let geoIP = try GeoIPFile.load(path: configuration.geoIPFile)
    let store = try existingStore ?? CustodianStore(configuration: configuration.store, logger: logger)
    let repositories = store.repositories
    let consent = ConsentService(policy: published.compiled, repositories: repositories)
    // Security and fraud: one URL screening for everything that takes URLs in, one activity monitor.
    let screening = URLScreening(
        analyzer: URLAnalyzer(settings: try configuration.risk.urlRiskSettings()), store: repositories.riskyURLs, sightings: repositories.urlSightings,
        events: repositories.riskEvents, now: repositories.now)
    let activity = ActivityMonitor(events: repositories.riskEvents, apiKeys: repositories.apiKeys, geoIP: geoIP, configuration: configuration.risk, now: repositories.now)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ObservabilityMiddleware(securityHeaders: SecurityHeaders(servedOverTLS: configuration.servedOverTLS)))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: ClientAddressMiddleware(resolver: ClientAddress(trustedProxies: configuration.trustedProxies)))
    router.add(middleware: RateLimitMiddleware(configuration: configuration.risk, activity: activity))
    router.add(middleware: APIKeyAuthenticator(apiKeys: repositories.apiKeys))
    router.add(middleware: SessionAuthenticator(sessions: repositories.sessions, activity: activity))

    HealthController(database: store.database, audit: repositories.audit, openAPI: try OpenAPIDocument.load()).addRoutes(to: router)
    AdminController(apiKeys: repositories.apiKeys, audit: repositories.audit, services: repositories.services).addRoutes(to: router)
    ServicesController(services: repositories.services).addRoutes(to: router)
    DecisionsController(consent: consent).addRoutes(to: router)
    let consentActions = ConsentActions(consent: consent, acceptances: repositories.acceptances)
    ConsentsController(actions: consentActions).addRoutes(to: router)
    MyConsentsController(actions: consentActions).addRoutes(to: router)

    // Recommendations and profiles: the catalogue, the model (fed by the collector, rebuilt from the store).
    let recommendations = RecommendationSystem(
        configuration: configuration.recommendations, repositories: repositories, consent: consent, logger: logger)
    recommendations.addRoutes(to: router, acceptance: AcceptanceCheck(acceptances: repositories.acceptances, version: consent.policyVersion))
    let collector = Collector(
        events: repositories.events, links: repositories.links, consent: consent, acceptances: repositories.acceptances,
        plan: CollectionPlan(policy: published.compiled),
        enricher: EventEnricher(geo: geoIP, locationPrecisionMetres: configuration.locationPrecisionMetres),
        screening: configuration.risk.screenCollectedURLs ? screening : nil,
        observer: recommendations.queue)
    CollectController(collector: collector, apiKeys: repositories.apiKeys, events: repositories.events, now: repositories.now).addRoutes(to: router)
    let retention = EventRetentionService(
        events: repositories.events, plan: EventRetentionPlan(policy: published.compiled.policy),
        interval: .seconds(configuration.retentionIntervalSeconds), logger: logger)

    // Messaging: the outbox is always there; without a mail server its messages wait.
    let messaging = try Messaging(configuration: configuration, repositories: repositories, consent: consent, logger: logger)

    let hasher = PasswordHasher(cost: UInt8(configuration.bcryptCost))
    let validation: @Sendable () -> ProfileValidation = {
        ProfileValidation(defaultRegion: configuration.defaultRegion, minimumAge: configuration.minimumAge)
    }
    let people = PeopleActions(
        people: repositories.people, credentials: repositories.credentials, consent: consent, acceptances: repositories.acceptances,
        hasher: hasher, validation: validation, audit: repositories.audit, sessions: repositories.sessions, mailer: messaging.mailer,
        activity: activity,
        keptOnErasure: Set(published.policy.exclusions.filter { $0.erasure == .keep }.map(\.key))
    )
    PeopleController(actions: people).addRoutes(to: router)
    var webhooks = try addPartnerRoutes(
        to: router, repositories: repositories, consent: consent, published: published, configuration: configuration, logger: logger)
    let contactActions = ContactActions(
        messages: repositories.contactMessages, people: repositories.people, gate: CustomerServiceGate(consent: consent, audit: repositories.audit),
        audit: repositories.audit, policy: published.policy, validation: validation, screening: screening, activity: activity)
    ContactController(actions: contactActions).addRoutes(to: router)
    SurveysController(actions: SurveyActions(surveys: repositories.surveys, gate: CustomerServiceGate(consent: consent, audit: repositories.audit), acceptance: AcceptanceCheck(acceptances: repositories.acceptances, version: consent.policyVersion))).addRoutes(to: router)
    // Privacy requests from people not signed in or acting through the API (issue 8).
    let privacyRequests = PrivacyRequestActions(
        requests: repositories.privacyRequests, people: repositories.people, erasure: people,
        exports: PrivacyRequestExports(
            exporter: repositories.exporter, outOfScope: repositories.outOfScope, gate: consent.gate, policy: published.policy, audit: repositories.audit),
        consent: consent, mailer: messaging.mailer, validation: validation, deadlineDays: configuration.requestDeadlineDays)
    PrivacyRequestsController(actions: privacyRequests).addRoutes(to: router)
    let signIn = SignInService(
        people: repositories.people, credentials: repositories.credentials, sessions: repositories.sessions, signIns: repositories.signIns,
        links: repositories.links, keyring: repositories.keyring, hasher: hasher, sessionLifetimeMillis: Int64(configuration.sessionDays) * 86_400_000,
        throttle: SignInThrottle(baseDelayMillis: configuration.signInDelayMillis),
        geoIP: geoIP, challenges: repositories.signInChallenges, mailer: messaging.mailer, screening: screening
    )
    SessionsController(
        signIn: signIn, sessions: repositories.sessions, signIns: repositories.signIns, credentials: repositories.credentials,
        hasher: hasher, makeValidation: validation
    ).addRoutes(to: router)
    CampaignsController(actions: messaging.campaigns).addRoutes(to: router)
    // Outside the CSRF group by design: RFC 8058's one-click POST carries no cookie or form token.
    UnsubscribePages(actions: messaging.unsubscribe).addRoutes(to: router)

    RiskController(screening: screening, events: repositories.riskEvents).addRoutes(to: router)
    RiskAdminController(screening: screening, store: repositories.riskyURLs, events: repositories.riskEvents).addRoutes(to: router)
    InvestigationController(actions: InvestigationActions(
        consent: consent, people: repositories.people, events: repositories.riskEvents, signIns: repositories.signIns, sessions: repositories.sessions,
        sightings: repositories.urlSightings, audit: repositories.audit, policy: published.policy)).addRoutes(to: router)

    // Pages: every form posted to them is checked against the browser's CSRF token.
    let sessionSeconds = configuration.sessionDays * 86_400
    let pageResponder = PageResponder(
        csrf: CSRF(secure: configuration.servedOverTLS, maxAgeSeconds: sessionSeconds), secureCookies: configuration.servedOverTLS,
        sessionMaxAgeSeconds: sessionSeconds)
    AssetsController().addRoutes(to: router)
    SDKController(script: try WebSDKScript.load()).addRoutes(to: router)
    // Comments: the JSON API, and the "Leave a Reply" form under the policy page.
    let comments = CommentActions(comments: repositories.comments, consent: consent, audit: repositories.audit, screening: screening)
    CommentsController(actions: comments).addRoutes(to: router)
    let policyWithComments = PolicyWithComments(published: published, actions: comments, pages: pageResponder)
    PrivacyController(published: published, versions: repositories.policyVersions, pages: pageResponder, comments: policyWithComments).addRoutes(to: router)
    let pages = router.group().add(middleware: CSRFProtection(pages: pageResponder))
    CommentPages(section: policyWithComments).addRoutes(to: pages)
    RegistrationPages(pages: pageResponder, people: people, signIn: signIn, published: published).addRoutes(to: pages)
    SignInPages(pages: pageResponder, signIn: signIn, sessions: repositories.sessions).addRoutes(to: pages)
    PrivacyRequestPages(pages: pageResponder, actions: privacyRequests).addRoutes(to: pages)
    AccountPages(pages: pageResponder, people: people, published: published, links: messaging.links).addRoutes(to: pages)
    PrivacyCentrePages(
        pages: pageResponder, people: people, consent: consentActions, exporter: repositories.exporter, signIns: repositories.signIns,
        sessions: repositories.sessions, riskEvents: repositories.riskEvents, shares: repositories.shares, contact: contactActions, published: published
    ).addRoutes(to: pages)
    ExportController(
        exporter: repositories.exporter, people: repositories.people, outOfScope: repositories.outOfScope,
        gate: PurposeGate(compiled: published.compiled), policy: published.policy, pages: pageResponder
    ).addRoutes(to: router)
    AcceptancePages(pages: pageResponder, actions: consentActions, versions: repositories.policyVersions, published: published).addRoutes(to: pages)
    // The staff console (/admin): its own sign-in, sessions and CSRF-checked group (Application+console.swift).
    addConsoleRoutes(
        to: router, repositories: repositories, consent: consent, published: published, pages: pageResponder, hasher: hasher,
        contact: contactActions, comments: comments, requests: privacyRequests, secureCookies: configuration.servedOverTLS)

    // Background work that reads the store starts once it is migrated (beforeServerStarts below).
    webhooks.storeReady = recommendations.storeReady
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [
            store, retention, messaging.delivery, recommendations.service, webhooks,
            RegistryRefreshService(
                screening: screening, interval: .seconds(configuration.risk.registryRefreshSeconds), logger: logger,
                storeReady: recommendations.storeReady),
        ],
        onServerRunning: { channel in
            let address = channel.localAddress
            let url = "http://\(configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host):\(address?.port ?? configuration.port)"
            await onServerRunning?(url)
        },
        logger: logger
    )
    // Migrations run before the server accepts requests, with the store's connections up.
    app.beforeServerStarts {
        try await store.prepare()
        logger.info("store ready", metadata: ["custodian.database": .string(store.database.dialect.rawValue)])
        // A policy whose content hash is new becomes a new version; known versions are left as they are.
        let recorded = try await repositories.policyVersions.record(policyFile.policy, yaml: policyFile.yaml)
        logger.info(
            recorded.isNew ? "policy version recorded" : "policy version already recorded",
            metadata: ["custodian.policy.version": .string(recorded.version.version), "custodian.policy.seq": .stringConvertible(recorded.version.seq)])
        logger.info(
            "url screening ready",
            metadata: [
                "custodian.risk.public_suffixes": .string(screening.analyzer.settings.publicSuffixes.version),
                "custodian.risk.protected_domains": .stringConvertible(screening.analyzer.settings.protectedDomains.count),
            ])
        for warning in policyFile.warnings {
            logger.warning("policy warning", metadata: ["custodian.policy.finding": .string(warning.description)])
        }
        recommendations.storeReady.fire()
    }
    return app
}

/// The configured IP database, read once at start-up; a bad file refuses start-up.
enum GeoIPFile {
    static func load(path: String?) throws -> MMDBReader? {
        guard let path else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError.invalid("the GeoIP database \(path) cannot be read")
        }
        do {
            return try MMDBReader(bytes: Array(data))
        } catch {
            throw ConfigurationError.invalid("the GeoIP database \(path) is not a MaxMind DB file: \(error)")
        }
    }
}

/// The OpenAPI document shipped with the server.
enum OpenAPIDocument {
    static func load() throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let data = try? Data(contentsOf: url)
        else {
            throw ConfigurationError.invalid("the OpenAPI document is missing from the installation")
        }
        return ByteBuffer(bytes: data)
    }
}
