import Crypto
import CustodianStore
import Foundation
import Logging
import Testing

/// The engines the store suite runs on.
enum Engine: String, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }
}

/// Opens throw-away stores: a temporary data folder, and on PostgreSQL a fresh schema.
enum TestDatabases {
    /// `CUSTODIAN_TEST_POSTGRES_URL`, when the PostgreSQL half of the suite should run.
    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["CUSTODIAN_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    static let postgresSkipReason: Comment = "CUSTODIAN_TEST_POSTGRES_URL is not set: the PostgreSQL half of the store suite is skipped"

    static var logger: Logger {
        var logger = Logger(label: "custodian.tests")
        logger.logLevel = .critical
        return logger
    }

    /// A fixed master key, so tests can open raw values themselves.
    static let masterKey = SymmetricKey(data: [UInt8](repeating: 7, count: 32))

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `body` with a prepared store on `engine`, then removes everything it made.
    static func withStore<T: Sendable>(
        _ engine: Engine,
        environment: [String: String]? = nil,
        now: @escaping @Sendable () -> Int64 = CustodianStore.systemMillis,
        _ body: @Sendable (CustodianStore, Repositories) async throws -> T
    ) async throws -> T {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let env = environment ?? ["CUSTODIAN_MASTER_KEY": MasterKeys.encode(masterKey)]
        switch engine {
        case .sqlite:
            let store = try CustodianStore(configuration: StoreConfiguration(dataDirectory: directory, environment: env), logger: logger, now: now)
            let repositories = try await store.prepare()
            let result = try await body(store, repositories)
            try await store.database.close()
            return result
        case .postgres:
            guard let url = postgresURL else { throw StoreError.configuration("no PostgreSQL URL") }
            return try await withSchema(url: url) { schema in
                let store = try CustodianStore(
                    configuration: StoreConfiguration(dataDirectory: directory, databaseURL: url, environment: env, postgresSearchPath: schema),
                    logger: logger, now: now
                )
                return try await store.withRunning {
                    let repositories = try await store.prepare()
                    return try await body(store, repositories)
                }
            }
        }
    }

    /// Creates a schema, runs `body` with its name, drops it.
    static func withSchema<T: Sendable>(url: String, _ body: @Sendable (String) async throws -> T) async throws -> T {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try PostgresDatabase(url: url, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { await admin.run(); return nil }
            defer { group.cancelAll() }
            try await admin.write { try await $0.execute(SQL("CREATE SCHEMA \(schema)")) }
            do {
                let result = try await body(String(schema))
                try await admin.write { try await $0.execute(SQL("DROP SCHEMA \(schema) CASCADE")) }
                return result
            } catch {
                try? await admin.write { try await $0.execute(SQL("DROP SCHEMA \(schema) CASCADE")) }
                throw error
            }
        }
    }
}
