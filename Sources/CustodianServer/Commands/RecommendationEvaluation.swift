import CustodianCore
import CustodianStore
import Foundation

/// `custodian recommend evaluate`: the offline evaluation on what the store holds, as a table.
public enum RecommendationEvaluation {
    /// Evaluates the co-visitation model against the popularity baseline on every eligible view
    /// stored, under the configured policy and half-life; returns the report as text.
    public static func run(configuration: ServerConfiguration, trainingShare: Double, k: Int) async throws -> String {
        let policy = try PolicyFile.load(path: configuration.policyFile).policy
        let gate = PersonalisationGate(gate: PurposeGate(policy: policy))
        let settings = configuration.recommendations.settings
        let snapshot = try await StoreCommands.withStore(configuration) { store in
            let repositories = try await store.prepare()
            return try await ModelBuilder(repositories: repositories, gate: gate, settings: settings)
                .snapshot(receivedBefore: Int64.max)
        }
        let report = OfflineEvaluation.run(views: snapshot.views, catalog: snapshot.catalog, settings: settings, trainingShare: trainingShare, k: k)
        return format(report, snapshot: snapshot, settings: settings, declared: gate.isDeclared)
    }

    static func format(_ report: EvaluationReport, snapshot: ModelBuilder.Snapshot, settings: CoVisitationSettings, declared: Bool) -> String {
        var lines: [String] = []
        if !declared { lines.append("The policy declares no \(PersonalisationGate.purpose): no view may be used, nothing to evaluate.") }
        let halfLife = Double(settings.halfLifeMillis) / 86_400_000
        lines.append(
            "\(snapshot.catalog.count) items; \(snapshot.eventsRead) stored page/screen events of people, \(snapshot.views.count) of them views of catalogue items by people whose consent allows personalisation.")
        if report.trainingViews > 0 {
            lines.append(
                "Trained on the \(report.trainingViews) views before \(ISOTimestamp.string(report.splitAt)); tested on the \(report.testViews) from then on (half-life \(decimal(halfLife, 2)) days, window \(settings.windowMillis / 60_000) min).")
        }
        lines.append("")
        lines.append("| model | people | hit-rate@\(report.k) | NDCG@\(report.k) |")
        lines.append("|---|---:|---:|---:|")
        for row in report.rows {
            lines.append("| \(row.name) | \(row.people) | \(decimal(row.hitRate, 3)) | \(decimal(row.ndcg, 3)) |")
        }
        return lines.joined(separator: "\n")
    }

    static func decimal(_ value: Double, _ places: Int) -> String {
        String(format: "%.\(places)f", value)
    }
}
