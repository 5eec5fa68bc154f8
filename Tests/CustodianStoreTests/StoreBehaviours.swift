import Crypto
import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// The store's behaviour, written once and run on every engine (like SQLKitBenchmark).
enum StoreBehaviours {
    static func migrationsAreIdempotent(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, _) async throws in
            #expect(try await store.migrate().isEmpty)
            #expect(try await Migrator().appliedVersions(store.database) == Migrations.all.map(\.version))
        }
    }

    static func auditRecordsAreChainedAndVerify(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (_, repositories) async throws in
            let single = try await repositories.audit.record(AuditEvent(actor: "test", action: "one"))
            let batch = try await repositories.audit.record((0..<50).map { AuditEvent(actor: "test", action: "batch", details: ["n": String($0)]) })
            #expect(single.seq == 1)
            #expect(batch.map(\.seq) == Array(2...51))
            #expect(batch[0].prevHash == single.hash)
            #expect(try await repositories.audit.verify() == .intact(entries: 51, head: batch[49].hash))
        }
    }

    static func concurrentAuditRecordsStayTotal(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (_, repositories) async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<300 {
                    group.addTask { _ = try await repositories.audit.record(AuditEvent(actor: "test", action: "concurrent", details: ["i": String(index)])) }
                }
                try await group.waitForAll()
            }
            let entries = try await repositories.audit.entries(after: 0, limit: 1_000)
            #expect(entries.map(\.seq) == Array(1...300))
            guard case .intact(let count, _) = try await repositories.audit.verify() else {
                Issue.record("chain is not intact")
                return
            }
            #expect(count == 300)
        }
    }

    /// Two independent pools on one database, as two server processes would be.
    static func twoWritersShareOneChain(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            let second = try secondStore(like: store)
            try await second.withRunning {
                let other = try await second.prepare()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<200 {
                        let log = index.isMultiple(of: 2) ? repositories.audit : other.audit
                        group.addTask { _ = try await log.record(AuditEvent(actor: "node-\(index % 2)", action: "write")) }
                    }
                    try await group.waitForAll()
                }
            }
            #expect(try await repositories.audit.verify() == .intact(entries: 200, head: try #require(await repositories.audit.head()).hash))
        }
    }

    static func auditLogRefusesUpdates(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            try await repositories.audit.record(AuditEvent(actor: "test", action: "kept"))
            await #expect(throws: (any Error).self) {
                try await store.database.write { try await $0.execute(SQL("UPDATE audit_log SET action = 'changed'")) }
            }
            await #expect(throws: (any Error).self) {
                try await store.database.write { try await $0.execute(SQL("DELETE FROM audit_log")) }
            }
            #expect(try await repositories.audit.entries().map(\.action) == ["kept"])
        }
    }

    static func personAttributesAreSealedAndFoundByBlindIndex(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            let id = try await repositories.people.create(attributes: sampleAttributes, lookups: [LookupKey(kind: "email", value: "ada@example.org")], actor: "test")
            #expect(try await repositories.people.find(LookupKey(kind: "email", value: "ada@example.org")) == id)
            #expect(try await repositories.people.find(LookupKey(kind: "email", value: "bob@example.org")) == nil)
            #expect(try await repositories.people.openAttributes(of: id).sorted { $0.field < $1.field } == sampleAttributes.sorted { $0.field < $1.field })
            let stored = try await store.database.read { try await $0.query(SQL("SELECT value FROM person_attributes")) }
            for row in stored {
                let bytes = try row.blob("value")
                for attribute in sampleAttributes {
                    #expect(!contains(bytes, Array(attribute.value.utf8)), "a stored value holds plaintext")
                }
            }
            let digests = try await store.database.read { try await $0.query(SQL("SELECT digest FROM person_lookup")) }
            #expect(!contains(try digests[0].blob("digest"), Array("ada@example.org".utf8)))
        }
    }

    static func duplicateLookupIsAConflict(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (_, repositories) async throws in
            let lookup = LookupKey(kind: "email", value: "ada@example.org")
            _ = try await repositories.people.create(attributes: sampleAttributes, lookups: [lookup], actor: "test")
            await #expect(throws: StoreError.conflict) {
                _ = try await repositories.people.create(attributes: sampleAttributes, lookups: [lookup], actor: "test")
            }
            // Nothing of the refused person was half-written.
            let count = try await repositories.database.read { try await $0.first(SQL("SELECT COUNT(*) AS n FROM people"))?.int("n") }
            #expect(count == 1)
        }
    }

    static func valueMovedToAnotherPersonDoesNotOpen(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            let ada = try await repositories.people.create(attributes: sampleAttributes, lookups: [], actor: "test")
            let bob = try await repositories.people.create(attributes: [PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Bob")], lookups: [], actor: "test")
            try await store.database.write { tx in
                let adaName = try #require(try await tx.first(SQL("SELECT value FROM person_attributes WHERE person_id = ? AND field = 'name'", [.text(ada)])))
                try await tx.execute(SQL("UPDATE person_attributes SET value = ? WHERE person_id = ? AND field = 'name'", [.blob(try adaName.blob("value")), .text(bob)]))
            }
            await #expect(throws: StoreError.self) { _ = try await repositories.people.openAttributes(of: bob) }
            // And into another field of the same person.
            try await store.database.write { tx in
                let name = try #require(try await tx.first(SQL("SELECT value FROM person_attributes WHERE person_id = ? AND field = 'name'", [.text(ada)])))
                try await tx.execute(SQL("UPDATE person_attributes SET value = ? WHERE person_id = ? AND field = 'email'", [.blob(try name.blob("value")), .text(ada)]))
            }
            await #expect(throws: StoreError.self) { _ = try await repositories.people.openAttributes(of: ada) }
        }
    }

    static func erasureShredsTheDataKey(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            let id = try await repositories.people.create(attributes: sampleAttributes, lookups: [LookupKey(kind: "email", value: "ada@example.org")], actor: "test")
            #expect(try await repositories.people.erase(id, actor: "test"))
            #expect(try await repositories.people.erase(id, actor: "test") == false)
            #expect(try await repositories.people.exists(id) == false)
            #expect(try await repositories.people.find(LookupKey(kind: "email", value: "ada@example.org")) == nil)
            #expect(try await repositories.keyring.dataKey(for: id, in: SQLReadAdapter(database: store.database)) == nil)
            let audit = try await repositories.audit.entries()
            #expect(audit.map(\.action) == ["person.create", "person.erase"])
            #expect(audit.allSatisfy { $0.subject == id })
        }
    }

    static func keyRotationRewrapsEveryDataKey(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            var ids: [String] = []
            for index in 0..<5 {
                ids.append(try await repositories.people.create(attributes: [PersonAttribute(field: "name", category: "user.name", source: "provided", value: "P\(index)")], lookups: [], actor: "test"))
            }
            let newKey = SymmetricKey(size: .bits256)
            let report = try await KeyRotation.rewrap(database: store.database, from: store.masterKeys, to: newKey, chunkSize: 2)
            // Secrets: the blind index and the partner-reference key, both made by prepare().
            #expect(report == .init(rewrappedDataKeys: 5, rewrappedSecrets: 2))
            let kekIDs = try await store.database.read { try await $0.query(SQL("SELECT DISTINCT kek_id FROM person_keys")).map { try $0.text("kek_id") } }
            #expect(kekIDs == [KeyWrap.keyIdentifier(newKey)])
            // A keyring with only the new key opens everything, including the blind index.
            let rotated = Keyring(database: store.database, masterKeys: MasterKeys(current: newKey, source: .environment), now: store.now)
            let vault = PersonVault(database: store.database, keyring: rotated, audit: repositories.audit, now: store.now)
            #expect(try await vault.openAttributes(of: ids[3]).first?.value == "P3")
            #expect(try await rotated.blindIndex().digest(kind: "k", value: "v") == (try await repositories.keyring.blindIndex()).digest(kind: "k", value: "v"))
            // The old key alone no longer opens anything.
            let stale = Keyring(database: store.database, masterKeys: MasterKeys(current: SymmetricKey(size: .bits256), source: .environment), now: store.now)
            await #expect(throws: StoreError.self) { _ = try await stale.dataKey(for: ids[0], in: SQLReadAdapter(database: store.database)) }
        }
    }

    static func apiKeysAreHashedScopedAndRevocable(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            let (key, secret) = try await repositories.apiKeys.create(name: "web", scopes: [.collect, .decide], actor: "cli")
            #expect(try await repositories.apiKeys.authenticate(secret) == key)
            #expect(try await repositories.apiKeys.authenticate(secret + "x") == nil)
            #expect(try await repositories.apiKeys.authenticate("not-a-key") == nil)
            let stored = try await store.database.read { try await $0.query(SQL("SELECT * FROM api_keys")) }
            #expect(stored.allSatisfy { row in row.values.allSatisfy { $0 != .text(secret) } })
            #expect(try await repositories.apiKeys.revoke(id: key.id, actor: "cli"))
            #expect(try await repositories.apiKeys.revoke(id: key.id, actor: "cli") == false)
            #expect(try await repositories.apiKeys.authenticate(secret) == nil)
            #expect(try await repositories.audit.entries().map(\.action) == ["apikey.create", "apikey.revoke"])
        }
    }

    // MARK: - helpers

    static let sampleAttributes = [
        PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Ada Lovelace"),
        PersonAttribute(field: "email", category: "user.contact.email", source: "provided", value: "ada@example.org"),
        PersonAttribute(field: "birthDate", category: "user.demographic.date_of_birth", source: "provided", value: "1815-12-10"),
    ]

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }

    /// Another store on the same database (a second pool, as another process would have).
    static func secondStore(like store: CustodianStore) throws -> CustodianStore {
        if let sqlite = store.database as? SQLiteDatabase {
            let path = sqlite.pool.path
            let directory = (path as NSString).deletingLastPathComponent
            return try CustodianStore(configuration: StoreConfiguration(dataDirectory: directory, environment: ["CUSTODIAN_MASTER_KEY": MasterKeys.encode(TestDatabases.masterKey)]), logger: TestDatabases.logger)
        }
        let postgres = try #require(store.database as? PostgresDatabase)
        return try CustodianStore(
            configuration: StoreConfiguration(
                dataDirectory: try TestDatabases.temporaryDirectory(), databaseURL: TestDatabases.postgresURL,
                environment: ["CUSTODIAN_MASTER_KEY": MasterKeys.encode(TestDatabases.masterKey)], postgresSearchPath: postgres.searchPath
            ),
            logger: TestDatabases.logger
        )
    }
}

/// Runs single reads through `SQLDatabase.read`, for APIs that take an executor.
struct SQLReadAdapter: SQLExecutor {
    let database: any SQLDatabase
    func execute(_ sql: SQL) async throws { try await database.write { try await $0.execute(sql) } }
    func query(_ sql: SQL) async throws -> [SQLRow] { try await database.read { try await $0.query(sql) } }
    func executeMany(_ text: String, _ rows: [[SQLValue]]) async throws { try await database.write { try await $0.executeMany(text, rows) } }
}
