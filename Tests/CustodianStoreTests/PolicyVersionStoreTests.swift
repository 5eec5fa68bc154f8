import CustodianCore
import CustodianStore
import Testing

@Suite("Policy versions in the store")
struct PolicyVersionStoreTests {
    static func changedPolicy() throws -> Policy {
        var policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
        policy.controller.name = "Example Ltd"
        return policy
    }

    @Test("a policy is recorded once per content hash, in order", arguments: Issue3Engine.available)
    func recordsOncePerHash(engine: Issue3Engine) async throws {
        try await Issue3Stores.withStore(engine) { store in
            let versions = store.repositories.policyVersions
            let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
            let first = try await versions.record(policy, yaml: DefaultPolicy.yaml)
            #expect(first.isNew)
            #expect(first.version.seq == 1)
            #expect(first.version.version == policy.contentHash)
            let again = try await versions.record(policy, yaml: DefaultPolicy.yaml)
            #expect(!again.isNew)
            #expect(again.version == first.version)
            let changed = try await versions.record(try Self.changedPolicy(), yaml: "changed")
            #expect(changed.isNew)
            #expect(changed.version.seq == 2)
            let all = try await versions.list()
            #expect(all.map(\.seq) == [1, 2])
            #expect(try await versions.previous(to: changed.version) == first.version)
            #expect(try await versions.previous(to: first.version) == nil)
            #expect(try all[0].policy() == policy)
        }
    }

    @Test("a recorded version cannot be edited or removed", arguments: Issue3Engine.available)
    func versionsAreNeverEdited(engine: Issue3Engine) async throws {
        try await Issue3Stores.withStore(engine) { store in
            let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
            _ = try await store.repositories.policyVersions.record(policy, yaml: DefaultPolicy.yaml)
            await #expect(throws: (any Error).self) {
                try await store.database.write { tx in try await tx.execute(SQL("UPDATE policy_versions SET policy_yaml = 'x'")) }
            }
            await #expect(throws: (any Error).self) {
                try await store.database.write { tx in try await tx.execute(SQL("DELETE FROM policy_versions")) }
            }
            #expect(try await store.repositories.policyVersions.list().count == 1)
        }
    }
}
