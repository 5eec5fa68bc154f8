import CustodianCore
import CustodianStore
import Foundation
import Logging

/// Fills an empty data folder with a realistic demo through the code paths the API uses:
/// people registered by ``PeopleActions`` (validated, sealed, the policy accepted), catalogue
/// items by ``CatalogActions``, browsing by the ``Collector`` (enriched, minimised, sealed),
/// consent choices by ``ConsentActions``, messages and survey answers by the customer-service
/// actions. Nothing is written around them.
///
/// Deterministic: the same seed and end date give the same people, items, sessions and choices
/// (the ids the store makes, and every ciphertext, differ between runs).
///
/// Each kind of data has its own file (`DemoBuilder+Kind.swift`) with one step that reads and
/// extends ``DemoState``. To add a kind (comments, partners, campaigns …): write its file, call
/// its step from ``build()`` after the steps it needs, and count what it made in ``DemoSummary``.
public struct DemoBuilder: Sendable {
    let configuration: DemoConfiguration
    let repositories: Repositories
    let policyFile: PolicyFile
    let consent: ConsentService
    let people: PeopleActions
    let consentActions: ConsentActions
    let catalog: CatalogActions
    let collector: Collector
    let contact: ContactActions
    let surveys: SurveyActions
    let comments: CommentActions
    let logger: Logger

    /// A builder writing into `store` (prepared by the caller) under the server configuration's policy.
    public init(configuration: DemoConfiguration, server: ServerConfiguration, store: CustodianStore, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        let repositories = store.repositories
        self.repositories = repositories
        policyFile = try PolicyFile.load(path: server.policyFile)
        let published = PublishedPolicy(policyFile.policy)
        let consent = ConsentService(policy: published.compiled, repositories: repositories)
        self.consent = consent
        let validation: @Sendable () -> ProfileValidation = {
            ProfileValidation(defaultRegion: server.defaultRegion, minimumAge: server.minimumAge)
        }
        people = PeopleActions(
            people: repositories.people, credentials: repositories.credentials, consent: consent, acceptances: repositories.acceptances,
            hasher: PasswordHasher(cost: UInt8(configuration.bcryptCost)), validation: validation, audit: repositories.audit,
            sessions: repositories.sessions,
            // Messages the demo's registrations cause wait in the outbox; no sender runs here.
            mailer: Mailer(outbox: repositories.outbox, doorbell: Doorbell(), isConfigured: false))
        consentActions = ConsentActions(consent: consent, acceptances: repositories.acceptances)
        let live = LiveModel(settings: server.recommendations.settings, now: repositories.now())
        catalog = CatalogActions(catalog: repositories.catalog, services: repositories.services, live: live, now: repositories.now)
        collector = Collector(
            events: repositories.events, links: repositories.links, consent: consent, acceptances: repositories.acceptances,
            plan: CollectionPlan(policy: published.compiled),
            enricher: EventEnricher(geo: nil, locationPrecisionMetres: server.locationPrecisionMetres))
        let gate = CustomerServiceGate(consent: consent, audit: repositories.audit)
        var contact = ContactActions(
            messages: repositories.contactMessages, people: repositories.people, gate: gate, audit: repositories.audit,
            policy: published.policy, validation: validation)
        // The demo writes months of messages in seconds; the per-sender limits are for the live site.
        contact.personLimiter = SubmissionLimiter(limit: .max, window: .seconds(1))
        contact.visitorLimiter = SubmissionLimiter(limit: .max, window: .seconds(1))
        self.contact = contact
        surveys = SurveyActions(
            surveys: repositories.surveys, gate: gate, acceptance: AcceptanceCheck(acceptances: repositories.acceptances, version: consent.policyVersion))
        var comments = CommentActions(comments: repositories.comments, consent: consent, audit: repositories.audit)
        comments.networkLimiter = SubmissionLimiter(limit: .max, window: .seconds(1))
        comments.emailLimiter = SubmissionLimiter(limit: .max, window: .seconds(1))
        self.comments = comments
    }

    /// Makes the demo. Refuses a data folder that already holds people: a demo fills an empty one.
    public func build() async throws -> DemoSummary {
        guard try await repositories.database.read({ db in try await db.first(SQL("SELECT id FROM people LIMIT 1")) }) == nil else {
            throw DemoError.notEmpty
        }
        _ = try await repositories.policyVersions.record(policyFile.policy, yaml: policyFile.yaml)
        var state = DemoState(configuration: configuration)
        do {
            try await step("services") { try await makeServices(&state) }
            try await step("catalogue") { try await makeCatalog(&state) }
            try await step("people") { try await makePeople(&state) }
            try await step("consents") { try await makeConsents(&state) }
            try await step("browsing") { try await makeBrowsing(&state) }
            try await step("customer service") { try await makeCustomerService(&state) }
            try await step("comments") { try await makeComments(&state) }
            try await step("privacy requests") { try await makeRequests(&state) }
        } catch let error as AppError {
            // The demo's own data failed the API's rules: a bug in the demo, named by field.
            let fields = (error.fields ?? []).map { "\($0.field) \($0.code)" }.joined(separator: ", ")
            throw DemoError.rejected("\(error.code)\(fields.isEmpty ? "" : ": " + fields)")
        }
        return state.summary()
    }
}

extension DemoBuilder {
    /// Runs one step, logging how long it took (at `info`; the command shows warnings only).
    func step(_ name: String, _ body: () async throws -> Void) async throws {
        let started = ContinuousClock.now
        try await body()
        logger.info("demo step done", metadata: ["custodian.demo.step": .string(name), "custodian.demo.seconds": .string("\(ContinuousClock.now - started)")])
    }
}

/// Why the demo was not made.
public enum DemoError: Error, CustomStringConvertible {
    case notEmpty
    case rejected(String)

    public var description: String {
        switch self {
        case .notEmpty: "the data folder already holds people; the demo fills an empty one (give another --data)"
        case .rejected(let what): "the demo's own data was refused: \(what)"
        }
    }
}

/// What the demo has made so far, for the steps that come after.
struct DemoState: Sendable {
    let configuration: DemoConfiguration
    /// By service name.
    var services: [String: PlatformService] = [:]
    var items: [DemoItem] = []
    var people: [DemoPerson] = []
    var sessions = 0
    var events = 0
    var consents: [String: Int] = [:]
    var contactMessages = 0
    var surveyResponses = 0
    var comments = 0
    var privacyRequests = 0

    init(configuration: DemoConfiguration) {
        self.configuration = configuration
    }

    /// The first day of the demo's history.
    var start: Int64 { configuration.end - Int64(configuration.days) * 86_400_000 }

    func service(_ name: String) -> PlatformService? { services[name] }

    func summary() -> DemoSummary {
        DemoSummary(
            seed: configuration.seed, services: services.mapValues(\.id), people: people.map(\.id), items: items.count, events: events,
            sessions: sessions, consents: consents, contactMessages: contactMessages, surveyResponses: surveyResponses, comments: comments,
            privacyRequests: privacyRequests,
            sampleEmail: people.first?.email ?? "", password: DemoConfiguration.password)
    }
}

/// A catalogue item and what the browsing step needs to know of it.
struct DemoItem: Sendable {
    var item: CatalogItem
    var topic: Int
    /// Items of one story are read together: the structure co-visitation learns.
    var story: Int
    var kind: DemoWorld.ItemKind
    /// How strongly it draws readers of its topic (a few items are hits).
    var appeal: Double
}

/// A demo person and their habits.
struct DemoPerson: Sendable {
    var id: String
    var email: String
    /// The service they registered with and mostly use.
    var home: String
    /// Topic indexes and how much of their reading each takes.
    var interests: [(topic: Int, weight: Double)]
    /// Relative activity: sessions are drawn around the mean times this.
    var activity: Double
    var ip: String
    var userAgent: String
    var locale: String
    /// Their browser sends Global Privacy Control.
    var gpc: Bool
}
