import CustodianCore
import CustodianStore
import Foundation
import Synchronization
import Testing

/// The policy and consent suites run, argument-style, on every engine available to this run.
typealias Issue3Engine = Engine

extension Engine: CustomTestStringConvertible {
    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when `CUSTODIAN_TEST_POSTGRES_URL` is set.
    static var available: [Engine] { TestDatabases.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// Fresh, migrated stores with a clock the tests move by hand (see ``TestDatabases``).
enum Issue3Stores {
    /// A fixed clock that tests move by hand.
    final class Clock: Sendable {
        private let millis = Mutex<Int64>(1_767_225_600_000)  // 2026-01-01T00:00:00Z
        var now: @Sendable () -> Int64 { { [self] in millis.withLock { $0 } } }
        func advance(_ delta: Int64) { millis.withLock { $0 += delta } }
    }

    static func withStore<T: Sendable>(
        _ engine: Engine, clock: Clock = Clock(), _ body: @Sendable (CustodianStore) async throws -> T
    ) async throws -> T {
        try await TestDatabases.withStore(engine, now: clock.now) { (store, _) async throws in try await body(store) }
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
