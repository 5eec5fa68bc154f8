import CustodianStore
import Foundation
import Logging
import Testing

/// kill -9 under load: every event answered 202 is in the store afterwards; SIGTERM loses nothing
/// either; and the audit chain still verifies.
@Suite("Collection: crash safety", .serialized)
struct CollectCrashTests {
    static let environment = ["CUSTODIAN_MASTER_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "CUSTODIAN_LOG_LEVEL": "error"]
    static let postgresURL = ProcessInfo.processInfo.environment["CUSTODIAN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    @Test func killedUnderLoadLosesNothingAcknowledgedOnSQLite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.run(directory: directory, database: nil, searchPath: nil)
    }

    @Test(.enabled(if: CollectCrashTests.postgresURL != nil, "CUSTODIAN_TEST_POSTGRES_URL is not set"))
    func killedUnderLoadLosesNothingAcknowledgedOnPostgreSQL() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = try #require(Self.postgresURL)
        try await PostgresSchema.with(url: url) { schema in
            let database = url + (url.contains("?") ? "&" : "?") + "search_path=\(schema)"
            try await Self.run(directory: directory, database: database, searchPath: schema)
        }
    }

    static func run(directory: String, database: String?, searchPath: String?) async throws {
        let storage = ["--data", directory] + (database.map { ["--database", $0] } ?? [])
        let created = try await ServerProcess.run(["apikey", "create", "--name", "load", "--scopes", "collect"] + storage, environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let acknowledged = Locked(Set<String>())
        var sent = 0
        var roundsWithAcknowledgements = 0
        // Three rounds killed with SIGKILL at a random moment, one ended with SIGTERM.
        for round in 0..<4 {
            let server = try await ServerProcess.start(serve: storage, environment: environment)
            let acknowledgedBefore = acknowledged.withLock { $0.count }
            let graceful = round == 3
            let counter = Locked(0)
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var batchNumber = 0
                        while true {
                            let ids = (0..<25).map { "r\(round)-w\(worker)-b\(batchNumber)-e\($0)" }
                            batchNumber += 1
                            counter.withLock { $0 += ids.count }
                            let events = ids.map { #"{"type":"track","event":"Load","messageId":"\#($0)","anonymousId":"anon-\#(worker)","context":{"ip":"198.51.100.\#(worker)","page":{"url":"https://shop.example/p"}}}"# }
                            let body = #"{"batch":[\#(events.joined(separator: ","))]}"#
                            guard let reply = try? await HTTP.send(.POST, server.url + "/v1/collect", bearer: key, json: body, timeout: 5) else { return }
                            if reply.status == 202 {
                                acknowledged.withLock { $0.formUnion(ids) }
                            } else if reply.status != 429 {
                                return
                            }
                        }
                    }
                }
                group.addTask {
                    // Kill at a random moment once the load is getting through: how long that takes
                    // depends on the machine, so the test waits for it rather than guessing.
                    let before = acknowledged.withLock { $0.count }
                    let deadline = ContinuousClock.now + .seconds(60)
                    while acknowledged.withLock({ $0.count }) == before, ContinuousClock.now < deadline {
                        try? await Task.sleep(for: .milliseconds(10))
                    }
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 50...800)))
                    if graceful {
                        #expect(await server.stop(SIGTERM) == 0)
                    } else {
                        await server.stop(SIGKILL)
                    }
                }
            }
            sent += counter.withLock { $0 }
            roundsWithAcknowledgements += acknowledged.withLock { $0.count } > acknowledgedBefore ? 1 : 0
        }
        let acked = acknowledged.withLock { $0 }
        #expect(roundsWithAcknowledgements == 4, "every round got events through before it was ended (\(acked.count) of \(sent))")
        // Every acknowledged event is stored, whole.
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try CustodianStore(
            configuration: StoreConfiguration(dataDirectory: directory, databaseURL: database, environment: environment, postgresSearchPath: searchPath),
            logger: logger)
        let stored = try await store.withRunning {
            try await store.database.read { db in
                try await db.query(SQL("SELECT message_id, url, ip_sealed FROM events")).map { row in
                    (try row.text("message_id"), try row.optionalText("url"), try row.optionalBlob("ip_sealed"))
                }
            }
        }
        let ids = Set(stored.map(\.0))
        let missing = acked.subtracting(ids)
        #expect(missing.isEmpty, "\(missing.count) acknowledged events are missing, e.g. \(missing.prefix(3))")
        #expect(stored.allSatisfy { $0.1 == "https://shop.example/p" && $0.2 != nil }, "every stored event is whole")
        #expect(ids.count == stored.count, "no event is stored twice")
        let verify = try await ServerProcess.run(["audit", "verify"] + storage, environment: environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
