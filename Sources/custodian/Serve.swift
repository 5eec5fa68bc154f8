import ArgumentParser
import Configuration
import CustodianServer
import Foundation
import Hummingbird

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (migrates first; SIGTERM/SIGINT stop it gracefully).")

    @OptionGroup var storage: StorageOptions

    @Option(help: "Address to bind (env CUSTODIAN_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on, 0 for any free port (env CUSTODIAN_PORT; default 8080).")
    var port: Int?

    @Option(help: "Policy file (env CUSTODIAN_POLICY; default the built-in policy).")
    var policy: String?

    func run() async throws {
        var extra: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { extra["custodian.host"] = .init(.string(host), isSecret: false) }
        if let port { extra["custodian.port"] = .init(.int(port), isSecret: false) }
        if let policy { extra["custodian.policy"] = .init(.string(policy), isSecret: false) }
        let configuration = try storage.configuration(extra: extra)
        CommandLogging.bootstrap(level: configuration.logLevel)
        let app = try await buildApplication(configuration: configuration) { url in
            // Written straight to the file descriptor: scripts wait for this line through a pipe.
            FileHandle.standardOutput.write(Data("Custodian listening on \(url)\n".utf8))
        }
        try await app.runService()
    }
}
