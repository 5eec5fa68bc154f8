import ArgumentParser
import CustodianCore
import CustodianServer
import CustodianStore
import Foundation

/// `custodian risk import FILE --kind phishing --source NAME`: block lists into the risky-URL registry.
struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "risk", abstract: "Manage the risky-URL registry.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a block list (plain text or CSV) into the risky-URL registry.",
            discussion: """
            Plain text: one URL, host or domain a line; # and ! start comments; hosts-file lines \
            (0.0.0.0 evil.example) are read. CSV: a header naming url, host, domain or value, and \
            optionally category (or threat), confidence (0-1 or 0-100) and expires (RFC 3339). \
            Values this source already lists are refreshed; the import is audited once.
            """)

        @OptionGroup var storage: StorageOptions

        @Argument(help: "The list file.")
        var file: String

        @Option(help: "What the list holds: \(RiskyURLCategory.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind: String

        @Option(help: "The list's name (shown with every match), e.g. openphish or urlhaus.")
        var source: String

        @Option(help: "text or csv (default: csv for .csv files, text otherwise).")
        var format: String?

        @Option(help: "What a bare name matches: domain (with its subdomains) or host.")
        var match: String = "domain"

        @Option(help: "How sure the source is, 0 to 1.")
        var confidence: Double = 1

        @Option(name: .customLong("expires-days"), help: "Listings expire after this many days (0: never).")
        var expiresDays: Int = 0

        func validate() throws {
            guard RiskyURLCategory(rawValue: kind) != nil else {
                throw ValidationError("unknown kind '\(kind)'; kinds are \(RiskyURLCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !source.isEmpty, source.utf8.count <= 100 else { throw ValidationError("give a source name of 1 to 100 characters") }
            if let format, BlockListParser.Format(rawValue: format) == nil { throw ValidationError("the format is text or csv") }
            guard RiskyURLMatch(rawValue: match) == .domain || RiskyURLMatch(rawValue: match) == .host else { throw ValidationError("match is domain or host") }
            guard (0...1).contains(confidence) else { throw ValidationError("confidence is between 0 and 1") }
            guard (0...3_650).contains(expiresDays) else { throw ValidationError("expires-days is between 0 and 3650") }
        }

        func run() async throws {
            let configuration = try storage.configuration()
            CommandLogging.bootstrap(level: .warning)
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                FileHandle.standardError.write(Data("\(file): cannot read the file as UTF-8 text\n".utf8))
                throw ExitCode(1)
            }
            let chosenFormat = format.flatMap(BlockListParser.Format.init(rawValue:)) ?? (file.lowercased().hasSuffix(".csv") ? .csv : .text)
            let category = RiskyURLCategory(rawValue: kind) ?? .spam
            let defaultMatch = RiskyURLMatch(rawValue: match) ?? .domain
            let days = expiresDays
            let (source, confidence) = (source, confidence)
            let (summary, problems) = try await StoreCommands.withStore(configuration) { store in
                let repositories = try await store.prepare()
                let expiresAt = days > 0 ? repositories.now() + Int64(days) * 86_400_000 : nil
                return try await RiskCommands.importBlockList(
                    text, format: chosenFormat, match: defaultMatch, category: category, source: source, confidence: confidence, expiresAt: expiresAt,
                    store: repositories.riskyURLs, actor: "cli")
            }
            for problem in problems.prefix(20) {
                FileHandle.standardError.write(Data("line \(problem.line): \(problem.reason)\n".utf8))
            }
            print("imported \(summary.added) new and \(summary.updated) refreshed listings from \(summary.source) (\(summary.skipped) skipped); import \(summary.id)")
        }
    }
}
