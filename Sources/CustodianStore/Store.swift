import CustodianCore
import Foundation
import Logging
import ServiceLifecycle

/// Where and how the store keeps its data.
public struct StoreConfiguration: Sendable {
    /// The data folder: the SQLite file and the master key file live here.
    public var dataDirectory: String
    /// `postgres://…` for PostgreSQL; nil for SQLite in the data folder.
    public var databaseURL: String?
    /// Durability of SQLite commits.
    public var sqliteDurability: SQLiteDatabase.Durability
    /// The process environment, for `CUSTODIAN_MASTER_KEY`.
    public var environment: [String: String]
    /// PostgreSQL schema to use (tests isolate themselves this way).
    public var postgresSearchPath: String?
    /// The most collected events waiting to be written.
    public var eventQueueCapacity: Int = 50_000

    public init(
        dataDirectory: String, databaseURL: String? = nil, sqliteDurability: SQLiteDatabase.Durability = .normal,
        environment: [String: String] = ProcessInfo.processInfo.environment, postgresSearchPath: String? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.sqliteDurability = sqliteDurability
        self.environment = environment
        self.postgresSearchPath = postgresSearchPath
    }

    /// The SQLite file inside the data folder.
    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("custodian.sqlite") }
}

/// The storage layer: database, keys, audit log and repositories, built once and shared.
///
/// On PostgreSQL the connection pool must run: add the store to the service group, or wrap
/// command-line work in ``withRunning(_:)``.
public final class CustodianStore: Service, Sendable {
    public let database: any SQLDatabase
    public let masterKeys: MasterKeys
    public let now: @Sendable () -> Int64
    /// The repositories; usable once ``prepare()`` has run (and, on PostgreSQL, while the store runs).
    public let repositories: Repositories
    let logger: Logger

    /// Opens the database (creating the data folder and master key on first run). Does not
    /// migrate and does not touch the database: see ``prepare()``.
    public init(configuration: StoreConfiguration, logger: Logger, now: @escaping @Sendable () -> Int64 = CustodianStore.systemMillis) throws {
        try Self.ensureDirectory(configuration.dataDirectory)
        if let url = configuration.databaseURL {
            database = try PostgresDatabase(url: url, searchPath: configuration.postgresSearchPath, logger: logger)
        } else {
            database = try SQLiteDatabase(path: configuration.sqlitePath, durability: configuration.sqliteDurability)
        }
        masterKeys = try MasterKeys.load(environment: configuration.environment, dataDirectory: configuration.dataDirectory)
        self.logger = logger
        self.now = now
        self.repositories = Repositories(
            database: database, keyring: Keyring(database: database, masterKeys: masterKeys, now: now), now: now,
            eventQueueCapacity: configuration.eventQueueCapacity)
    }

    /// Milliseconds since the Unix epoch from the system clock.
    public static let systemMillis: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// Runs the connection pool (PostgreSQL) until graceful shutdown.
    public func run() async throws {
        if let postgres = database as? PostgresDatabase {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await postgres.run() }
                try? await gracefulShutdown()
                group.cancelAll()
            }
        } else {
            try? await gracefulShutdown()
        }
        try await database.close()
    }

    /// Runs `body` while the connection pool runs; for commands and tests.
    public func withRunning<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard let postgres = database as? PostgresDatabase else { return try await body() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { await postgres.run(); return nil }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Applies pending migrations.
    @discardableResult
    public func migrate() async throws -> [Int64] {
        try await Migrator().migrate(database, now: now())
    }

    /// Migrates and loads the keyring: everything the repositories need.
    @discardableResult
    public func prepare() async throws -> Repositories {
        try await migrate()
        _ = try await repositories.keyring.blindIndex()
        try await repositories.partnerReferences.loadKey()
        try await repositories.events.preparePartitions(around: now())
        return repositories
    }

    static func ensureDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError.configuration("the data folder path is a file") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.configuration("cannot create the data folder")
        }
    }
}

/// The repositories over a prepared store.
public struct Repositories: Sendable {
    public let database: any SQLDatabase
    public let keyring: Keyring
    public let audit: AuditLog
    public let apiKeys: APIKeyStore
    public let people: PersonVault
    public let credentials: CredentialStore
    public let sessions: SessionStore
    public let signIns: SignInLog
    public let services: ServiceRegistry
    public let links: IdentityLinks
    /// Recorded versions of the policy.
    public let policyVersions: PolicyVersions
    /// The append-only consent ledger.
    public let consentLedger: ConsentLedgerStore
    /// People's acceptances of policy versions.
    public let acceptances: PolicyAcceptances
    /// Collected events (Collection).
    public let events: EventStore
    /// The store's clock, in milliseconds since the Unix epoch.
    public let now: @Sendable () -> Int64
    /// Messages to customer service.
    public let contactMessages: ContactMessageStore
    /// Surveys and their responses.
    public let surveys: SurveyStore
    /// Messages waiting to be sent, and what became of them (Messaging).
    public let outbox: Outbox
    /// Promotional campaigns (Messaging).
    public let campaigns: CampaignStore
    /// Sign-ins waiting for a one-time code (step-up).
    public let signInChallenges: SignInChallenges
    /// The risky-URL registry (Security and fraud).
    public let riskyURLs: RiskyURLStore
    /// Risk events about accounts and activity.
    public let riskEvents: RiskEventStore
    /// Flagged URLs seen in what people send.
    public let urlSightings: URLSightingStore
    /// The content catalogue (Recommendations).
    public let catalog: CatalogStore
    /// Registered related parties and partners (Partners).
    public let partners: PartnerRegistry
    /// Pseudonymous references partners know people by.
    public let partnerReferences: PartnerReferences
    /// What partners send about people.
    public let partnerRecords: PartnerRecords
    /// Disclosures to partners, for the person to read.
    public let shares: ShareLog
    /// Webhooks waiting for, or after, delivery.
    public let webhookOutbox: PartnerOutbox
    /// Records the policy declares itself not to apply to.
    public let outOfScope: OutOfScopeStore
    /// Everything held about one person, for their export.
    public let exporter: PersonExporter
    /// Console accounts and their sessions (the staff console).
    public let staff: StaffStore
    public let staffSessions: StaffSessionStore
    /// Live counts of what is held, for the console.
    public let inventory: DataInventory
    /// Privacy requests from people not signed in or acting through the API (issue 8).
    public let privacyRequests: PrivacyRequestStore
    /// Comments on pages ("Leave a Reply").
    public let comments: CommentStore

    init(database: any SQLDatabase, keyring: Keyring, now: @escaping @Sendable () -> Int64, eventQueueCapacity: Int = 50_000) {
        self.database = database
        self.keyring = keyring
        self.now = now
        self.audit = AuditLog(database: database, now: now)
        self.apiKeys = APIKeyStore(database: database, audit: audit, now: now)
        self.people = PersonVault(database: database, keyring: keyring, audit: audit, now: now)
        self.credentials = CredentialStore(database: database, audit: audit, now: now)
        self.sessions = SessionStore(database: database, now: now)
        self.signIns = SignInLog(database: database, now: now)
        self.services = ServiceRegistry(database: database, audit: audit, now: now)
        self.links = IdentityLinks(database: database, keyring: keyring, now: now)
        self.policyVersions = PolicyVersions(database: database, audit: audit, now: now)
        self.partnerReferences = PartnerReferences(database: database, keyring: keyring, now: now)
        // Consent changes and their partner notices commit together.
        self.consentLedger = ConsentLedgerStore(
            database: database, audit: audit, observer: PartnerPropagation(references: partnerReferences, now: now))
        self.acceptances = PolicyAcceptances(database: database, audit: audit)
        self.events = EventStore(database: database, keyring: keyring, now: now, queueCapacity: eventQueueCapacity)
        self.contactMessages = ContactMessageStore(database: database, keyring: keyring, audit: audit, now: now)
        self.surveys = SurveyStore(database: database, keyring: keyring, audit: audit, now: now)
        self.outbox = Outbox(database: database, keyring: keyring, audit: audit, now: now)
        self.campaigns = CampaignStore(database: database, people: people, audit: audit, now: now)
        self.signInChallenges = SignInChallenges(database: database, keyring: keyring, now: now)
        self.riskyURLs = RiskyURLStore(database: database, audit: audit, now: now)
        self.riskEvents = RiskEventStore(database: database, now: now)
        self.urlSightings = URLSightingStore(database: database, keyring: keyring, now: now)
        self.catalog = CatalogStore(database: database, now: now)
        self.partners = PartnerRegistry(database: database, keyring: keyring, audit: audit, now: now)
        self.partnerRecords = PartnerRecords(database: database, keyring: keyring, references: partnerReferences, audit: audit, now: now)
        self.shares = ShareLog(database: database, audit: audit, now: now)
        self.webhookOutbox = PartnerOutbox(database: database, audit: audit, now: now)
        self.outOfScope = OutOfScopeStore(database: database, keyring: keyring, audit: audit, now: now)
        self.exporter = PersonExporter(database: database, keyring: keyring, audit: audit)
        self.staff = StaffStore(database: database, keyring: keyring, audit: audit, now: now)
        self.staffSessions = StaffSessionStore(database: database, now: now)
        self.inventory = DataInventory(database: database)
        self.privacyRequests = PrivacyRequestStore(database: database, keyring: keyring, audit: audit, now: now)
        self.comments = CommentStore(database: database, keyring: keyring, audit: audit, now: now)
    }
}
