import Configuration
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
        try validate()
    }

    /// Checks values that would otherwise fail later and less clearly.
    public func validate() throws {
        guard (0...65_535).contains(port) else { throw ConfigurationError.invalid("port \(port) is out of range") }
        guard !host.isEmpty else { throw ConfigurationError.invalid("host is empty") }
        if let databaseURL, !(databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://")) {
            throw ConfigurationError.invalid("the database URL must start with postgres://")
        }
        if let publicURL, URL(string: publicURL)?.scheme == nil {
            throw ConfigurationError.invalid("the public URL must be absolute, like https://privacy.example.com")
        }
    }

    /// Whether clients reach the server over TLS (a terminating proxy in front).
    public var servedOverTLS: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    /// The store's part of the configuration.
    public var store: StoreConfiguration {
        StoreConfiguration(dataDirectory: dataDirectory, databaseURL: databaseURL, sqliteDurability: sqliteDurability, environment: environment)
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
