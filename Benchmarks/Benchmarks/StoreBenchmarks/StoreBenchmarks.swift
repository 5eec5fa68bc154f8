import Benchmark
import CustodianCore
import CustodianStore
import Foundation
import Logging
import Synchronization

// The store on SQLite (a fresh data folder per benchmark) and, when CUSTODIAN_TEST_POSTGRES_URL
// is set, on PostgreSQL (a fresh schema per benchmark, dropped afterwards). Throughput reads as
// audit entries per second for the batched appends (1,000 per call, `scalingFactor: .kilo`) and
// as people per second for `PersonVault.create` (one per iteration).

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal],
        maxDuration: .seconds(5),
        maxIterations: 100_000
    )

    var engines: [Engine] = [.sqlite]
    if let url = ProcessInfo.processInfo.environment["CUSTODIAN_TEST_POSTGRES_URL"], !url.isEmpty {
        engines.append(.postgres(url: url))
    }

    campaignBenchmarks(engines: engines)
    rightsBenchmarks(engines: engines)

    for engine in engines {
        let batchName = "Audit record, batches of 1000 (\(engine.name))"
        Benchmark(
            batchName,
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark in
            let store = Fixtures.store(batchName)
            let events = Fixtures.auditBatch(count: benchmark.configuration.scalingFactor.rawValue)
            benchmark.startMeasurement()
            blackHole(try await store.repositories.audit.record(events))
        } setup: {
            try await Fixtures.open(batchName, engine: engine)
        } teardown: {
            try await Fixtures.close(batchName)
        }

        let singleName = "Audit record, one event per call (\(engine.name))"
        Benchmark(singleName) { benchmark in
            let store = Fixtures.store(singleName)
            blackHole(try await store.repositories.audit.record(Fixtures.auditEvent))
        } setup: {
            try await Fixtures.open(singleName, engine: engine)
        } teardown: {
            try await Fixtures.close(singleName)
        }

        if case .postgres = engine {
            // Diagnostic, not a store figure: the same 1,000 linked rows as one multi-row INSERT into
            // a copy of audit_log, to show what the per-row statements of `executeMany` cost.
            let rawName = "Diagnostic: 1000 audit rows in one multi-row INSERT (PostgreSQL)"
            let next = Atomic<Int64>(0)
            Benchmark(rawName, configuration: .init(scalingFactor: .kilo)) { benchmark in
                let store = Fixtures.store(rawName)
                let count = benchmark.configuration.scalingFactor.rawValue
                let first = next.add(Int64(count), ordering: .relaxed).newValue - Int64(count)
                benchmark.startMeasurement()
                var previous = AuditChain.genesis
                var binds: [SQLValue] = []
                binds.reserveCapacity(count * 12)
                for i in 0..<count {
                    let entry = AuditChain.link(Fixtures.auditEvent, seq: first + Int64(i) + 1, at: 1_750_000_000_000, prevHash: previous)
                    previous = entry.hash
                    binds += [
                        .integer(entry.seq), .integer(entry.at), .text(entry.actor), .text(entry.action),
                        entry.subject.map(SQLValue.text) ?? .null, entry.purpose.map(SQLValue.text) ?? .null,
                        .text(entry.categories.joined(separator: ",")), .text(entry.outcome),
                        entry.requestId.map(SQLValue.text) ?? .null, .text(entry.details), .blob(entry.prevHash), .blob(entry.hash),
                    ]
                }
                let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", ")
                let sql = SQL(
                    "INSERT INTO audit_scratch (seq, at, actor, action, subject, purpose, categories, outcome, request_id, details, prev_hash, hash) VALUES "
                        + rows, binds)
                try await store.database.write { tx in try await tx.execute(sql) }
            } setup: {
                try await Fixtures.open(rawName, engine: engine)
                try await Fixtures.store(rawName).database.write { tx in
                    try await tx.execute(SQL("CREATE TABLE audit_scratch (LIKE audit_log INCLUDING ALL)"))
                }
            } teardown: {
                try await Fixtures.close(rawName)
            }
        }

        let createName = "PersonVault create, 3 sealed attributes + 1 lookup (\(engine.name))"
        let counter = Atomic<Int>(0)
        Benchmark(createName) { benchmark in
            let store = Fixtures.store(createName)
            let n = counter.add(1, ordering: .relaxed).newValue
            blackHole(try await store.repositories.people.create(
                attributes: Fixtures.attributes(n), lookups: [LookupKey(kind: "email", value: "person\(n)@example.org")],
                actor: "apikey:bench"))
        } setup: {
            try await Fixtures.open(createName, engine: engine)
        } teardown: {
            try await Fixtures.close(createName)
        }
    }
}

enum Engine: Sendable {
    case sqlite
    case postgres(url: String)

    var name: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}

/// An open store and what it takes to close it.
final class Fixture: Sendable {
    let store: CustodianStore
    let directory: String
    let schema: String?
    /// Finishing it ends the `withRunning` body, which stops the PostgreSQL pool.
    let stop: AsyncStream<Void>.Continuation?
    let running: Task<Void, any Error>?

    init(store: CustodianStore, directory: String, schema: String?, stop: AsyncStream<Void>.Continuation?, running: Task<Void, any Error>?) {
        self.store = store
        self.directory = directory
        self.schema = schema
        self.stop = stop
        self.running = running
    }
}

enum Fixtures {
    private static let open = Mutex<[String: Fixture]>([:])

    static func store(_ name: String) -> CustodianStore {
        guard let fixture = open.withLock({ $0[name] }) else { fatalError("no fixture for \(name)") }
        return fixture.store
    }

    /// Opens a prepared store for benchmark `name`.
    static func open(_ name: String, engine: Engine) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("custodian-bench-\(UUID().uuidString)").path
        let logger = Logger(label: "bench")
        // A fixed master key, so that no key file is written and the figure does not depend on one.
        let environment = ["CUSTODIAN_MASTER_KEY": Data(repeating: 0x42, count: 32).base64EncodedString()]
        switch engine {
        case .sqlite:
            let store = try CustodianStore(
                configuration: StoreConfiguration(dataDirectory: directory, environment: environment), logger: logger)
            try await store.prepare()
            open.withLock { $0[name] = Fixture(store: store, directory: directory, schema: nil, stop: nil, running: nil) }
        case .postgres(let url):
            let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let store = try CustodianStore(
                configuration: StoreConfiguration(
                    dataDirectory: directory, databaseURL: url, environment: environment, postgresSearchPath: schema),
                logger: logger)
            let (stream, stop) = AsyncStream<Void>.makeStream()
            let running = Task {
                try await store.withRunning {
                    for await _ in stream {}
                }
            }
            // The search path names the schema before it exists; PostgreSQL resolves it per statement.
            try await store.database.write { tx in try await tx.execute(SQL("CREATE SCHEMA \(schema)")) }
            try await store.prepare()
            open.withLock { $0[name] = Fixture(store: store, directory: directory, schema: schema, stop: stop, running: running) }
        }
    }

    /// Closes the store of benchmark `name` and removes what it created.
    static func close(_ name: String) async throws {
        guard let fixture = open.withLock({ $0.removeValue(forKey: name) }) else { return }
        if let schema = fixture.schema {
            try await fixture.store.database.write { tx in try await tx.execute(SQL("DROP SCHEMA \(schema) CASCADE")) }
        }
        fixture.stop?.finish()
        try await fixture.running?.value
        if fixture.schema == nil { try await fixture.store.database.close() }
        try? FileManager.default.removeItem(atPath: fixture.directory)
    }

    /// A typical read-access entry: actor, action, subject, purpose, categories, request id; no details.
    static let auditEvent = AuditEvent(
        actor: "apikey:7c1e", action: "person.read", subject: "3f2b8c1e-6d4a-4f0e-9b7c-2a1d5e8f9c30",
        purpose: "essential.service", categories: ["user.contact.email", "user.name"],
        requestId: "9a8b7c6d5e4f3a2b1c0d9e8f")

    static func auditBatch(count: Int) -> [AuditEvent] {
        [AuditEvent](repeating: auditEvent, count: count)
    }

    static func attributes(_ n: Int) -> [PersonAttribute] {
        [
            PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Person Number \(n)"),
            PersonAttribute(field: "email", category: "user.contact.email", source: "provided", value: "person\(n)@example.org"),
            PersonAttribute(field: "birthDate", category: "user.demographic.date_of_birth", source: "provided", value: "1990-04-12"),
        ]
    }
}
