import CustodianCore
import CustodianStore
import Foundation
import Logging
import Synchronization
import Testing

/// A database engine the store suites run on: SQLite always, PostgreSQL when
/// `CUSTODIAN_TEST_POSTGRES_URL` is set.
enum Issue3Engine: String, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["CUSTODIAN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The engines available to this run.
    static var available: [Issue3Engine] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// Runs store tests against a fresh, migrated store: a temporary data folder for SQLite, a fresh
/// schema (dropped afterwards) for PostgreSQL.
enum Issue3Stores {
    static let logger: Logger = {
        var logger = Logger(label: "custodian.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A fixed clock that tests move by hand.
    final class Clock: Sendable {
        private let millis = Mutex<Int64>(1_767_225_600_000)  // 2026-01-01T00:00:00Z
        var now: @Sendable () -> Int64 { { [self] in millis.withLock { $0 } } }
        func advance(_ delta: Int64) { millis.withLock { $0 += delta } }
    }

    static func withStore<T: Sendable>(
        _ engine: Issue3Engine, clock: Clock = Clock(), _ body: @Sendable (CustodianStore) async throws -> T
    ) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-i3-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        switch engine {
        case .sqlite:
            let store = try CustodianStore(
                configuration: StoreConfiguration(dataDirectory: folder, environment: [:]), logger: logger, now: clock.now)
            let result = try await store.withRunning {
                try await store.prepare()
                return try await body(store)
            }
            try await store.database.close()
            return result
        case .postgres:
            let url = try #require(Issue3Engine.postgresURL)
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await admin(url: url, folder: folder, "CREATE SCHEMA \(schema)")
            do {
                let store = try CustodianStore(
                    configuration: StoreConfiguration(dataDirectory: folder, databaseURL: url, environment: [:], postgresSearchPath: schema),
                    logger: logger, now: clock.now)
                let result = try await store.withRunning {
                    try await store.prepare()
                    return try await body(store)
                }
                try await store.database.close()
                try await admin(url: url, folder: folder, "DROP SCHEMA \(schema) CASCADE")
                return result
            } catch {
                try? await admin(url: url, folder: folder, "DROP SCHEMA \(schema) CASCADE")
                throw error
            }
        }
    }

    private static func admin(url: String, folder: String, _ statement: String) async throws {
        let store = try CustodianStore(
            configuration: StoreConfiguration(dataDirectory: folder, databaseURL: url, environment: [:]), logger: logger)
        try await store.withRunning {
            try await store.database.write { tx in try await tx.execute(SQL(statement)) }
        }
        try await store.database.close()
    }

    /// Creates a person with a few sealed attributes; returns the id.
    static func person(_ repositories: Repositories) async throws -> String {
        try await repositories.people.create(
            attributes: [
                PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Ada Example"),
                PersonAttribute(field: "email", category: "user.contact.email", source: "provided", value: "ada@example.com"),
                PersonAttribute(field: "gender", category: "user.demographic.gender", source: "provided", value: "female"),
            ],
            lookups: [], actor: "test")
    }
}
