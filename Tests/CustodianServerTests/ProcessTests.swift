import Crypto
import CustodianCore
import CustodianStore
import Foundation
import GRDB
import Logging
import Synchronization
import Testing

/// The real executable, run as an operator runs it: start, stop, crash, verify.
@Suite("custodian as a process", .serialized)
struct ProcessTests {
    let directory: String
    let environment: [String: String]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-proc-\(UUID().uuidString)").path
        environment = ["CUSTODIAN_LOG_LEVEL": "warning"]
    }

    @Test func firstRunCreatesTheDataFolderAndAPrivateKeyFileThenServes() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await ServerProcess.start(serve: ["--data", directory], environment: environment)
        #expect(server.url.hasPrefix("http://127.0.0.1:"))
        #expect(try await HTTP.send(.GET, server.url + "/healthz").status == 200)
        #expect(try await HTTP.send(.GET, server.url + "/readyz").status == 200)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/master.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(await server.stop(SIGTERM) == 0)
    }

    @Test(.enabled(if: ProcessTests.postgresURL != nil, "CUSTODIAN_TEST_POSTGRES_URL is not set"))
    func theSameBinaryServesOnPostgreSQL() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = try #require(Self.postgresURL)
        try await PostgresSchema.with(url: url) { schema in
            let database = url + (url.contains("?") ? "&" : "?") + "search_path=\(schema)"
            let server = try await ServerProcess.start(serve: ["--data", directory, "--database", database], environment: environment)
            #expect(try await HTTP.send(.GET, server.url + "/readyz").status == 200)
            #expect(await server.stop(SIGTERM) == 0)
            let verify = try await ServerProcess.run(["audit", "verify", "--data", directory, "--database", database], environment: environment)
            // The first start records the policy version it serves.
            #expect(verify.stdout == "audit chain intact: 1 entries\n")
        }
    }

    /// Two server processes on one PostgreSQL append to one chain, which stays total.
    @Test(.enabled(if: ProcessTests.postgresURL != nil, "CUSTODIAN_TEST_POSTGRES_URL is not set"))
    func twoProcessesOnPostgreSQLKeepOneTotalChain() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = try #require(Self.postgresURL)
        try await PostgresSchema.with(url: url) { schema in
            let database = url + (url.contains("?") ? "&" : "?") + "search_path=\(schema)"
            let env = environment.merging(["CUSTODIAN_MASTER_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="]) { _, new in new }
            let admin = try await ServerProcess.run(["apikey", "create", "--data", directory, "--database", database, "--name", "admin", "--scopes", "admin"], environment: env)
            #expect(admin.status == 0, "\(admin.stderr)")
            let key = admin.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let nodes = [
                try await ServerProcess.start(serve: ["--data", directory, "--database", database], environment: env),
                try await ServerProcess.start(serve: ["--data", directory, "--database", database], environment: env),
            ]
            let created = Locked(0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<60 {
                    let node = nodes[index % 2]
                    group.addTask {
                        let reply = try await HTTP.send(.POST, node.url + "/v1/admin/api-keys", bearer: key, json: #"{"name":"n\#(index)","scopes":["collect"]}"#)
                        if reply.status == 201 { created.withLock { $0 += 1 } }
                    }
                }
                try await group.waitForAll()
            }
            for node in nodes { #expect(await node.stop() == 0) }
            #expect(created.withLock { $0 } == 60)
            let verify = try await ServerProcess.run(["audit", "verify", "--data", directory, "--database", database], environment: env)
            #expect(verify.status == 0)
            // 60 keys, the admin key, and the policy version recorded once by the first node up.
            #expect(verify.stdout == "audit chain intact: 62 entries\n")
        }
    }

    /// Acknowledged audited writes survive `kill -9`, and the chain verifies after restart.
    @Test func killDashNineLosesNoAcknowledgedAuditEntry() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let admin = try await ServerProcess.run(["apikey", "create", "--data", directory, "--name", "admin", "--scopes", "admin"], environment: environment)
        #expect(admin.status == 0)
        let key = admin.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try await ServerProcess.start(serve: ["--data", directory], environment: environment)
        let acknowledged = Locked<[String]>([])
        let stop = Locked(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var index = 0
                    while !stop.withLock({ $0 }) {
                        index += 1
                        guard let reply = try? await HTTP.send(.POST, server.url + "/v1/admin/api-keys", bearer: key, json: #"{"name":"w\#(worker)-\#(index)","scopes":["collect"]}"#, timeout: 5) else { continue }
                        if reply.status == 201, let id = reply.json["id"] as? String {
                            acknowledged.withLock { $0.append(id) }
                        }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(1_500))
            await server.stop(SIGKILL)
            stop.withLock { $0 = true }
            try await group.waitForAll()
        }
        let ids = acknowledged.withLock { $0 }
        #expect(ids.count > 20, "too few writes were acknowledged to prove anything")

        let verify = try await ServerProcess.run(["audit", "verify", "--data", directory], environment: environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("audit chain intact: "))

        let subjects = try await DatabaseQueue(path: directory + "/custodian.sqlite").read { db in
            try Set(String.fetchAll(db, sql: "SELECT subject FROM audit_log WHERE action = 'apikey.create'"))
        }
        let missing = ids.filter { !subjects.contains($0) }
        #expect(missing.isEmpty, "acknowledged but missing after kill -9: \(missing.count)")

        // And the server starts again on the same data.
        let again = try await ServerProcess.start(serve: ["--data", directory], environment: environment)
        #expect(try await HTTP.send(.GET, again.url + "/readyz").status == 200)
        await again.stop()
    }

    /// SIGTERM lets in-flight requests finish and exits cleanly.
    @Test func sigtermIsGraceful() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let admin = try await ServerProcess.run(["apikey", "create", "--data", directory, "--name", "admin", "--scopes", "admin"], environment: environment)
        let key = admin.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try await ServerProcess.start(serve: ["--data", directory], environment: environment)
        let statuses = Locked<[Int]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    if let reply = try? await HTTP.send(.POST, server.url + "/v1/admin/api-keys", bearer: key, json: #"{"name":"g\#(index)","scopes":["collect"]}"#) {
                        statuses.withLock { $0.append(reply.status) }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            #expect(await server.stop(SIGTERM) == 0)
            try await group.waitForAll()
        }
        // Whatever got an answer got a complete, successful one.
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == 201 })
        let verify = try await ServerProcess.run(["audit", "verify", "--data", directory], environment: environment)
        // The admin key, the policy version recorded at start, and every answered creation.
        #expect(verify.stdout == "audit chain intact: \(2 + statuses.withLock { $0.count }) entries\n")
    }

    @Test func auditVerifyExitsOneNamingTheTamperedEntry() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for index in 0..<3 {
            #expect(try await ServerProcess.run(["apikey", "create", "--data", directory, "--name", "k\(index)", "--scopes", "collect"], environment: environment).status == 0)
        }
        let intact = try await ServerProcess.run(["audit", "verify", "--data", directory], environment: environment)
        #expect(intact.status == 0)
        #expect(intact.stdout == "audit chain intact: 3 entries\n")
        try await DatabaseQueue(path: directory + "/custodian.sqlite").write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET actor = 'someone' WHERE seq = 2")
        }
        let broken = try await ServerProcess.run(["audit", "verify", "--data", directory], environment: environment)
        #expect(broken.status == 1)
        #expect(broken.stdout.hasPrefix("audit chain broken at entry 2: "))
    }

    @Test func apikeyCreatePrintsTheKeyAloneAndRefusesUnknownScopes() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let created = try await ServerProcess.run(["apikey", "create", "--data", directory, "--name", "web", "--scopes", "collect,decide"], environment: environment)
        #expect(created.status == 0)
        let lines = created.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("ck_") == true)
        let refused = try await ServerProcess.run(["apikey", "create", "--data", directory, "--name", "web", "--scopes", "root"], environment: environment)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("unknown scope"))
    }

    @Test func adminCreatePrintsTheOneTimePasswordAloneAndRefusesUnknownRoles() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let created = try await ServerProcess.run(
            ["admin", "create", "--data", directory, "--email", "Grace@Example.org", "--role", "privacy-officer"], environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let lines = created.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line on stdout: \(created.stdout)")
        #expect(lines[0].count == 20 && lines[0].allSatisfy { $0.isLetter || $0.isNumber })
        #expect(!created.stderr.contains("Grace") && !created.stderr.lowercased().contains("grace@example.org"))
        let again = try await ServerProcess.run(["admin", "create", "--data", directory, "--email", "grace@example.org"], environment: environment)
        #expect(again.status != 0 && again.stdout.isEmpty && again.stderr.contains("exists already"))
        let refused = try await ServerProcess.run(["admin", "create", "--data", directory, "--email", "x@example.org", "--role", "root"], environment: environment)
        #expect(refused.status != 0 && refused.stdout.isEmpty && refused.stderr.contains("unknown role"))

        // The account signs in with that password, which must then be changed.
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try CustodianStore(configuration: StoreConfiguration(dataDirectory: directory), logger: logger)
        let credential = try #require(try await store.prepare().staff.credential(emailLookup: "grace@example.org"))
        #expect(credential.account.role == .privacyOfficer && credential.account.mustChangePassword)
        #expect(credential.passwordHash.hasPrefix("$2") && !credential.passwordHash.contains(String(lines[0])))
        try await store.database.close()
    }

    @Test func keysRotateRewrapsUnderANewKeyFile() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try CustodianStore(configuration: StoreConfiguration(dataDirectory: directory, environment: [:]), logger: logger)
        let person = try await store.prepare().people.create(attributes: [PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Grace")], lookups: [LookupKey(kind: "email", value: "grace@example.org")], actor: "test")
        try await store.database.close()
        let before = try String(contentsOfFile: directory + "/master.key", encoding: .utf8)

        let rotated = try await ServerProcess.run(["keys", "rotate", "--data", directory], environment: environment)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stdout.contains("re-wrapped 1 data keys"))
        let after = try String(contentsOfFile: directory + "/master.key", encoding: .utf8)
        #expect(after != before)

        let reopened = try CustodianStore(configuration: StoreConfiguration(dataDirectory: directory, environment: [:]), logger: logger)
        let people = try await reopened.prepare().people
        #expect(try await people.find(LookupKey(kind: "email", value: "grace@example.org")) == person)
        try await reopened.database.close()
    }

    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["CUSTODIAN_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()
}
