import Configuration
import CustodianCore
import CustodianStore
import Foundation
import Logging

/// Everything `custodian serve` is configured with, read once at start-up and validated.
///
/// Keys (command-line options override the environment):
/// | key | environment | default |
/// |---|---|---|
/// | `custodian.data` | `CUSTODIAN_DATA` | `./custodian-data` |
/// | `custodian.database.url` | `CUSTODIAN_DATABASE_URL` | SQLite in the data folder |
/// | `custodian.host` | `CUSTODIAN_HOST` | `127.0.0.1` |
/// | `custodian.port` | `CUSTODIAN_PORT` | `8080` |
/// | `custodian.policy` | `CUSTODIAN_POLICY` | the built-in default policy |
/// | `custodian.public.url` | `CUSTODIAN_PUBLIC_URL` | none; `https://…` turns on HSTS and Secure cookies |
/// | `custodian.log.level` | `CUSTODIAN_LOG_LEVEL` | `info` |
/// | `custodian.sqlite.synchronous` | `CUSTODIAN_SQLITE_SYNCHRONOUS` | `normal` (`full` survives power loss) |
/// | `custodian.bcrypt.cost` | `CUSTODIAN_BCRYPT_COST` | `12` (4…16) |
/// | `custodian.session.days` | `CUSTODIAN_SESSION_DAYS` | `30` |
/// | `custodian.minimum.age` | `CUSTODIAN_MINIMUM_AGE` | `14` |
/// | `custodian.signin.delay.ms` | `CUSTODIAN_SIGNIN_DELAY_MS` | `250` (first delay after repeated failures) |
/// | `custodian.trusted.proxies` | `CUSTODIAN_TRUSTED_PROXIES` | none (comma-separated addresses or CIDRs whose `X-Forwarded-For` is believed) |
/// | `custodian.geoip` | `CUSTODIAN_GEOIP` | none (a MaxMind-format `.mmdb` file: countries and coarse locations for risk) |
/// | `custodian.default.region` | `CUSTODIAN_DEFAULT_REGION` | `US` (for phone numbers without +country code) |
/// | `custodian.location.precision.m` | `CUSTODIAN_LOCATION_PRECISION_M` | `1000` (collected locations are rounded to about this many metres) |
/// | `custodian.ingest.queue` | `CUSTODIAN_INGEST_QUEUE` | `50000` (events waiting to be written; beyond it `/v1/collect` answers 429) |
/// | `custodian.retention.interval.s` | `CUSTODIAN_RETENTION_INTERVAL_S` | `3600` (seconds between retention passes) |
/// | `custodian.request.deadline.days` | `CUSTODIAN_REQUEST_DEADLINE_DAYS` | `15` (days to answer a privacy request, 1…90) |
/// Mail (`CUSTODIAN_SMTP_URL`, `CUSTODIAN_MAIL_FROM` …): see ``MailConfiguration``.
/// The security and fraud keys are listed on ``RiskConfiguration``.
/// The recommendation model's keys (`custodian.recommend.*`) are in ``RecommendationConfiguration``.
/// `CUSTODIAN_MASTER_KEY` is read by the store and never logged.
public struct ServerConfiguration: Sendable {
    public var dataDirectory: String
    public var databaseURL: String?
    public var host: String
    public var port: Int
    public var policyFile: String?
    public var publicURL: String?
    public var logLevel: Logger.Level
    public var sqliteDurability: SQLiteDatabase.Durability
    /// bcrypt cost for people's passwords.
    public var bcryptCost: Int = 12
    /// How long a session lasts without signing in again.
    public var sessionDays: Int = 30
    /// The youngest age at which a person may register.
    public var minimumAge: Int = 14
    /// The first sign-in delay after repeated failures, doubling with each further one.
    public var signInDelayMillis: Int = 250
    /// Proxies whose `X-Forwarded-For` names the client.
    public var trustedProxies: [IPNetwork] = []
    /// A MaxMind-format database for countries and coarse locations.
    public var geoIPFile: String?
    /// The region assumed for phone numbers written without a country code (ISO 3166 alpha-2).
    public var defaultRegion: String = "US"
    /// Collected locations are rounded to about this many metres.
    public var locationPrecisionMetres: Double = 1_000
    /// The most collected events waiting to be written.
    public var ingestQueueCapacity: Int = 50_000
    /// Days within which a privacy request must be answered (its due date).
    public var requestDeadlineDays: Int = 15
    /// Seconds between retention passes.
    public var retentionIntervalSeconds: Int = 3_600
    /// Outgoing mail; not configured unless an SMTP URL and a sender are given.
    public var mail = MailConfiguration()
    /// Security and fraud: URL analysis, rate limits, velocity (see ``RiskConfiguration``).
    public var risk = RiskConfiguration()
    /// The recommendation model (Recommendations).
    public var recommendations = RecommendationConfiguration()
    /// Partner webhook delivery (see ``WebhookConfiguration`` for its keys).
    public var webhooks = WebhookConfiguration()
    /// The process environment, passed to the store for the master key.
    public var environment: [String: String]

    public init(
        dataDirectory: String = "./custodian-data", databaseURL: String? = nil, host: String = "127.0.0.1", port: Int = 8080,
        policyFile: String? = nil, publicURL: String? = nil, logLevel: Logger.Level = .info,
        sqliteDurability: SQLiteDatabase.Durability = .normal,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.host = host
        self.port = port
        self.policyFile = policyFile
        self.publicURL = publicURL
        self.logLevel = logLevel
        self.sqliteDurability = sqliteDurability
        self.environment = environment
    }

    /// Reads and validates the configuration.
    public init(reader: ConfigReader, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let config = reader.scoped(to: "custodian")
        self.init(environment: environment)
        dataDirectory = config.string(forKey: "data", default: dataDirectory)
        databaseURL = config.string(forKey: "database.url", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        host = config.string(forKey: "host", default: host)
        port = config.int(forKey: "port", default: port)
        policyFile = config.string(forKey: "policy").flatMap { $0.isEmpty ? nil : $0 }
        publicURL = config.string(forKey: "public.url").flatMap { $0.isEmpty ? nil : $0 }
        let level = config.string(forKey: "log.level", default: "info")
        guard let parsedLevel = Logger.Level(rawValue: level) else {
            throw ConfigurationError.invalid("log level '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = parsedLevel
        let synchronous = config.string(forKey: "sqlite.synchronous", default: "normal")
        guard let durability = SQLiteDatabase.Durability(rawValue: synchronous) else {
            throw ConfigurationError.invalid("sqlite synchronous mode '\(synchronous)' is not normal or full")
        }
        sqliteDurability = durability
        bcryptCost = config.int(forKey: "bcrypt.cost", default: bcryptCost)
        sessionDays = config.int(forKey: "session.days", default: sessionDays)
        minimumAge = config.int(forKey: "minimum.age", default: minimumAge)
        defaultRegion = config.string(forKey: "default.region", default: defaultRegion).uppercased()
        signInDelayMillis = config.int(forKey: "signin.delay.ms", default: signInDelayMillis)
        locationPrecisionMetres = config.double(forKey: "location.precision.m", default: locationPrecisionMetres)
        ingestQueueCapacity = config.int(forKey: "ingest.queue", default: ingestQueueCapacity)
        retentionIntervalSeconds = config.int(forKey: "retention.interval.s", default: retentionIntervalSeconds)
        requestDeadlineDays = config.int(forKey: "request.deadline.days", default: requestDeadlineDays)
        geoIPFile = config.string(forKey: "geoip").flatMap { $0.isEmpty ? nil : $0 }
        webhooks = WebhookConfiguration(reader: config)
        for entry in config.string(forKey: "trusted.proxies", default: "").split(separator: ",") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let network = IPNetwork(String(entry)) else {
                throw ConfigurationError.invalid("trusted proxy '\(entry)' is not an address or CIDR network")
            }
            trustedProxies.append(network)
        }
        mail = try MailConfiguration(reader: config, publicURL: publicURL)
        risk = try RiskConfiguration(config: config)
        recommendations = try RecommendationConfiguration(config)
        try validate()
    }

    /// Checks values that would otherwise fail later and less clearly.
    public func validate() throws {
        guard (0...65_535).contains(port) else { throw ConfigurationError.invalid("port \(port) is out of range") }
        guard !host.isEmpty else { throw ConfigurationError.invalid("host is empty") }
        guard (4...16).contains(bcryptCost) else { throw ConfigurationError.invalid("bcrypt cost \(bcryptCost) is not between 4 and 16") }
        guard (1...400).contains(sessionDays) else { throw ConfigurationError.invalid("session days \(sessionDays) is not between 1 and 400") }
        guard (0...120).contains(minimumAge) else { throw ConfigurationError.invalid("minimum age \(minimumAge) is not between 0 and 120") }
        guard defaultRegion.count == 2, defaultRegion.allSatisfy(\.isLetter) else { throw ConfigurationError.invalid("default region must be a two-letter code") }
        guard (10...100_000).contains(locationPrecisionMetres) else { throw ConfigurationError.invalid("location precision must be between 10 and 100000 metres") }
        guard (1_000...10_000_000).contains(ingestQueueCapacity) else { throw ConfigurationError.invalid("the ingest queue must hold between 1000 and 10000000 events") }
        guard (1...86_400).contains(retentionIntervalSeconds) else { throw ConfigurationError.invalid("the retention interval must be between 1 and 86400 seconds") }
        guard (1...90).contains(requestDeadlineDays) else { throw ConfigurationError.invalid("the privacy request deadline must be between 1 and 90 days") }
        try webhooks.validate()
        if let databaseURL, !(databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://")) {
            throw ConfigurationError.invalid("the database URL must start with postgres://")
        }
        if let publicURL, URL(string: publicURL)?.scheme == nil {
            throw ConfigurationError.invalid("the public URL must be absolute, like https://privacy.example.com")
        }
        try mail.validate()
    }

    /// Whether clients reach the server over TLS (a terminating proxy in front).
    public var servedOverTLS: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    /// The store's part of the configuration.
    public var store: StoreConfiguration {
        var store = StoreConfiguration(dataDirectory: dataDirectory, databaseURL: databaseURL, sqliteDurability: sqliteDurability, environment: environment)
        store.eventQueueCapacity = ingestQueueCapacity
        return store
    }
}

/// A configuration value that cannot be used; the message names the key, never a secret.
public enum ConfigurationError: Error, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): "invalid configuration: \(message)"
        }
    }
}
