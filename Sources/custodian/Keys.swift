import ArgumentParser
import Crypto
import CustodianCore
import CustodianServer
import CustodianStore
import Foundation

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage the master key.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new master key and re-wrap every data key under it.",
            discussion: """
            Data keys are re-wrapped, not changed: no sealed value is re-encrypted. With a key file the new
            key replaces the old one in the file. With CUSTODIAN_MASTER_KEY the new key is printed alone on
            standard output: set it as CUSTODIAN_MASTER_KEY before the next start. Stop running servers
            first, or restart them right after: they keep wrapping new people's keys with the key they
            started with.
            """
        )

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let configuration = try storage.configuration()
            CommandLogging.bootstrap(level: .warning)
            let newKey = SymmetricKey(size: .bits256)
            let report = try await StoreCommands.withStore(configuration) { store in
                try await store.migrate()
                let keys = store.masterKeys
                if case .file(let path) = keys.source {
                    // The new key goes in first, the old ones stay readable until every row moved.
                    let old = keys.identifiers.compactMap { keys.key(id: $0) }
                    try MasterKeys.writeKeyFile(path: path, keys: [newKey, keys.current] + old.filter { KeyWrap.keyIdentifier($0) != keys.currentID })
                    let report = try await KeyRotation.rewrap(database: store.database, from: keys, to: newKey)
                    try MasterKeys.writeKeyFile(path: path, keys: [newKey])
                    return report
                }
                return try await KeyRotation.rewrap(database: store.database, from: keys, to: newKey)
            }
            let summary = "re-wrapped \(report.rewrappedDataKeys) data keys and \(report.rewrappedSecrets) keyring secrets under master key \(KeyWrap.keyIdentifier(newKey))"
            if case .file = try MasterKeys.load(environment: configuration.environment, dataDirectory: configuration.dataDirectory, createIfMissing: false).source {
                print(summary)
            } else {
                FileHandle.standardError.write(Data("\(summary)\nset CUSTODIAN_MASTER_KEY to the key below before the next start\n".utf8))
                print(MasterKeys.encode(newKey))
            }
        }
    }
}
