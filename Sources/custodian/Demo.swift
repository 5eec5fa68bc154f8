import ArgumentParser
import CustodianServer
import CustodianCore
import CustodianStore
import Foundation
import Logging

/// `custodian demo`: fills the data folder with a realistic demo.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty data folder with a realistic demo: services, people, catalogue items, months of browsing, consent choices, messages and survey answers.")

    @OptionGroup var storage: StorageOptions

    @Option(help: "The seed: the same seed and --end give the same demo.")
    var seed: UInt64 = 1

    @Option(help: "How many people.")
    var people: Int = 600

    @Option(help: "How many catalogue items.")
    var items: Int = 900

    @Option(help: "Days of browsing history before --end.")
    var days: Int = 120

    @Option(help: "Sessions per person on average.")
    var sessions: Double = 14

    @Option(help: "The last day of the history, YYYY-MM-DD (default: today, UTC).")
    var end: String?

    @Option(help: "Write the services' and people's ids as JSON to this file (for scripts).")
    var manifest: String?

    func run() async throws {
        var demo = DemoConfiguration()
        demo.seed = seed
        demo.people = people
        demo.items = items
        demo.days = days
        demo.sessionsPerPerson = sessions
        if let end {
            guard let millis = ISODay.millis(end) else { throw ValidationError("--end must be a date, YYYY-MM-DD") }
            demo.end = millis
        }
        let configuration = try storage.configuration()
        // Each step's time goes to standard error: a large demo takes minutes.
        CommandLogging.bootstrap(level: .info)
        let logger: Logger = {
            var logger = Logger(label: "custodian.demo")
            logger.logLevel = .info
            return logger
        }()
        let settings = demo
        let summary = try await StoreCommands.withStore(configuration) { store in
            _ = try await store.prepare()
            return try await DemoBuilder(configuration: settings, server: configuration, store: store, logger: logger).build()
        }
        if let manifest {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(summary).write(to: URL(fileURLWithPath: manifest))
        }
        print(summary.text)
    }
}

/// `YYYY-MM-DD` as the start of that day (UTC) in ms since the epoch.
enum ISODay {
    static func millis(_ text: String) -> Int64? {
        guard text.utf8.count == 10 else { return nil }
        return CustodianCore.ISOTimestamp.millis(text + "T00:00:00Z")
    }
}
