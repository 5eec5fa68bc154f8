import ArgumentParser
import CustodianServer
import CustodianStore
import Foundation

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the tamper-evident audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every entry's hash and link; exit 1 naming the first broken entry."
        )

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let configuration = try storage.configuration()
            CommandLogging.bootstrap(level: .warning)
            let outcome = try await StoreCommands.withStore(configuration) { store in
                try await store.prepare().audit.verify()
            }
            switch outcome {
            case .intact(let entries, _):
                print("audit chain intact: \(entries) entries")
            case .broken(let failure):
                print(failure.description)
                throw ExitCode(1)
            }
        }
    }
}
