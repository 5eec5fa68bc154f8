import ArgumentParser
import Configuration
import CustodianServer

/// `custodian recommend evaluate`: how well the recommendation model predicts later views.
struct Recommend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recommendations.", subcommands: [Evaluate.self])

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time-split offline evaluation of the co-visitation model against the popularity baseline (hit-rate@k, NDCG@k).")

        @OptionGroup var storage: StorageOptions

        @Option(help: "The policy file whose consent rules say whose views may be used (env CUSTODIAN_POLICY; default the built-in policy).")
        var policy: String?

        @Option(help: "The share of the views, by time, to train on (the rest is the test).")
        var train: Double = 0.8

        @Option(help: "The length of the ranked lists judged.")
        var k: Int = 10

        func validate() throws {
            guard (0.05...0.95).contains(train) else { throw ValidationError("--train must be between 0.05 and 0.95") }
            guard (1...100).contains(k) else { throw ValidationError("--k must be between 1 and 100") }
        }

        func run() async throws {
            var extra: [AbsoluteConfigKey: ConfigValue] = [:]
            if let policy { extra["custodian.policy"] = .init(.string(policy), isSecret: false) }
            let configuration = try storage.configuration(extra: extra)
            CommandLogging.bootstrap(level: .warning)
            print(try await RecommendationEvaluation.run(configuration: configuration, trainingShare: train, k: k))
        }
    }
}
