import ArgumentParser
import CustodianCore
import Foundation

/// `custodian policy check|render FILE`: the policy file as a privacy officer works with it.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Check and render policy files.", subcommands: [Check.self, Render.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a policy file: exit 0 when valid (warnings printed), exit 1 with the findings.")

        @Argument(help: "The policy file (YAML).")
        var file: String

        func run() async throws {
            let policy = try PolicyCommand.load(file)
            let findings = PolicyChecker.check(policy)
            for finding in findings { print("\(file): \(finding.description)") }
            let errors = findings.filter { $0.severity == .error }.count
            let warnings = findings.count - errors
            if errors > 0 {
                print("\(file): \(errors) error(s), \(warnings) warning(s)")
                throw ExitCode(1)
            }
            print("\(file): valid, version \(policy.contentHash), \(warnings) warning(s)")
        }
    }

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the policy in a human-readable (html, markdown) or the machine (json) form.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case html
            case markdown
            case json
        }

        @Argument(help: "The policy file (YAML).")
        var file: String

        @Option(help: "html, markdown or json.")
        var format: Format = .html

        func run() async throws {
            let policy = try PolicyCommand.load(file)
            let errors = PolicyChecker.check(policy).filter { $0.severity == .error }
            for error in errors { PolicyCommand.standardError("\(file): \(error.description)") }
            switch format {
            case .html: print(PolicyRenderer.html(policy))
            case .markdown: print(PolicyRenderer.markdown(policy))
            case .json: print(PolicyRenderer.json(policy))
            }
        }
    }

    /// Reads and loads `path`; a file that does not load exits 1 naming the line.
    static func load(_ path: String) throws -> Policy {
        let yaml: String
        do {
            yaml = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            standardError("\(path): cannot read the file")
            throw ExitCode(1)
        }
        do {
            return try PolicyLoader.load(yaml: yaml)
        } catch {
            // stdout too, so the line is where a script captures the findings.
            print("\(path): error \(error.description)")
            throw ExitCode(1)
        }
    }

    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
