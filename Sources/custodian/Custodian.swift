import ArgumentParser
import CustodianServer

/// The `custodian` command line: a thin front over the library targets.
@main
struct Custodian: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custodian",
        abstract: "A self-hosted personal-data platform that keeps its privacy policy's promises.",
        subcommands: [Serve.self, Migrate.self, Audit.self, Keys.self, APIKeyCommand.self, AdminCommand.self, PolicyCommand.self, Inspect.self, RiskCommand.self, Recommend.self, Demo.self]
    )
}
