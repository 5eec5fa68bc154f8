import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// After erasure, nothing left on disk opens the person's sealed values.
@Suite("Crypto-shredding on disk")
struct CryptoShreddingTests {
    @Test func nothingOnDiskOpensAnErasedPersonsValues() async throws {
        let directory = try TestDatabases.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let env = ["CUSTODIAN_MASTER_KEY": MasterKeys.encode(TestDatabases.masterKey)]
        let store = try CustodianStore(configuration: StoreConfiguration(dataDirectory: directory, environment: env), logger: TestDatabases.logger)
        let repositories = try await store.prepare()
        let keep = try await repositories.people.create(attributes: [PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Kept Person")], lookups: [], actor: "test")
        let gone = try await repositories.people.create(attributes: StoreBehaviours.sampleAttributes, lookups: [], actor: "test")
        let (wrapped, sealed) = try await store.database.read { db in
            let key = try #require(try await db.first(SQL("SELECT wrapped FROM person_keys WHERE person_id = ?", [.text(gone)]))).blob("wrapped")
            let values = try await db.query(SQL("SELECT value FROM person_attributes WHERE person_id = ?", [.text(gone)])).map { try $0.blob("value") }
            return (key, values)
        }
        #expect(try await repositories.people.erase(gone, actor: "test"))
        try await store.database.close()

        // Every file the database left behind, read raw.
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasPrefix("custodian.sqlite") {
            files[name] = Array(try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name)))
        }
        #expect(files["custodian.sqlite"] != nil)
        for (name, bytes) in files {
            #expect(!StoreBehaviours.contains(bytes, wrapped), "the wrapped data key survives in \(name)")
            for value in sealed {
                // Even a surviving ciphertext would not open without the key; check it is gone too.
                #expect(!StoreBehaviours.contains(bytes, value), "a sealed value survives in \(name)")
            }
        }
        // The other person is untouched.
        let reopened = try CustodianStore(configuration: StoreConfiguration(dataDirectory: directory, environment: env), logger: TestDatabases.logger)
        let again = try await reopened.prepare()
        #expect(try await again.people.openAttributes(of: keep).map(\.value) == ["Kept Person"])
        #expect(try await again.people.openAttributes(of: gone).isEmpty)
        try await reopened.database.close()
    }
}
