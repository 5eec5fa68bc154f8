import ArgumentParser
import CustodianServer
import CustodianStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending migrations and exit.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let configuration = try storage.configuration()
        CommandLogging.bootstrap(level: .warning)
        let applied = try await StoreCommands.withStore(configuration) { store in try await store.migrate() }
        print(applied.isEmpty ? "schema up to date" : "applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}
