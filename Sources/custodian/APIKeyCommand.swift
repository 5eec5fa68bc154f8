import ArgumentParser
import Foundation
import CustodianCore
import CustodianServer
import CustodianStore

struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apikey", abstract: "Manage API keys.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API key; prints the key alone on standard output (it is stored hashed).")

        @OptionGroup var storage: StorageOptions

        @Option(help: "A name that says who uses the key.")
        var name: String

        @Option(help: "Comma-separated: \(APIScope.allCases.map(\.rawValue).joined(separator: ", ")).")
        var scopes: String

        @Option(help: "The name of the platform service the key belongs to (registered with POST /v1/admin/services).")
        var service: String?

        func validate() throws {
            let parsed = APIScope.parseList(scopes)
            if !parsed.unknown.isEmpty {
                throw ValidationError("unknown scope \(parsed.unknown.joined(separator: ", ")); scopes are \(APIScope.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if parsed.scopes.isEmpty { throw ValidationError("give at least one scope") }
            if name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 100 { throw ValidationError("give a name of 1 to 100 characters") }
        }

        func run() async throws {
            let configuration = try storage.configuration()
            CommandLogging.bootstrap(level: .warning)
            let secret = try await StoreCommands.withStore(configuration) { store in
                let repositories = try await store.prepare()
                var serviceID: String?
                if let service {
                    guard let found = try await repositories.services.find(name: service) else {
                        throw ValidationError("no service is named \(service)")
                    }
                    serviceID = found.id
                }
                return try await repositories.apiKeys.create(name: name, scopes: APIScope.parseList(scopes).scopes, service: serviceID, actor: "cli").secret
            }
            print(secret)
        }
    }
}
