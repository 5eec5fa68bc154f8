import ArgumentParser
import CustodianCore
import CustodianServer

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "admin", abstract: "Manage staff console accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a console account; prints its one-time password alone on standard output (the first sign-in must change it).")

        @OptionGroup var storage: StorageOptions

        @Option(help: "The staff member's email address (their sign-in name).")
        var email: String

        @Option(help: "\(StaffRole.choices) (default administrator).")
        var role: String = StaffRole.administrator.rawValue

        func validate() throws {
            guard StaffRole(rawValue: role) != nil else { throw ValidationError("unknown role \(role); roles are \(StaffRole.choices)") }
        }

        func run() async throws {
            let configuration = try storage.configuration()
            CommandLogging.bootstrap(level: .warning)
            let password: String
            do {
                password = try await StaffCommands.create(email: email, role: StaffRole(rawValue: role) ?? .administrator, configuration: configuration)
            } catch let failure as StaffCommands.Failure {
                throw ValidationError(failure.description)
            }
            print(password)
        }
    }
}
