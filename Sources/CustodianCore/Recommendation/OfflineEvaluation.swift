import Foundation

/// How well a ranking predicts what people viewed next.
public struct RankingQuality: Sendable, Equatable {
    /// The ranking's name, for the table.
    public var name: String
    /// People evaluated.
    public var people: Int
    /// Share of people with at least one later view among the first k items.
    public var hitRate: Double
    /// Mean normalised discounted cumulative gain at k (binary relevance).
    public var ndcg: Double
}

/// The outcome of a time-split evaluation.
public struct EvaluationReport: Sendable, Equatable {
    /// The cut: views before it train, views at or after it test.
    public var splitAt: Int64
    public var trainingViews: Int
    public var testViews: Int
    public var k: Int
    /// The co-visitation model first, then the popularity baseline.
    public var rows: [RankingQuality]
}

/// Time-split offline evaluation: train on the earlier part of the views, then ask, for each
/// person who viewed something new in the later part, whether the first k recommendations made
/// at the cut contain it.
///
/// - The cut is the time below which `trainingShare` of the views fall.
/// - A person counts when they have training views and, after the cut, at least one view of an
///   item they had not viewed before it (re-reading is not discovery).
/// - Both rankings leave out what the person had seen (the model's history), so they compete for
///   the same slots; the baseline is the training period's popularity (same decay).
/// - Hit rate@k: share of people with a relevant item in the first k. NDCG@k: DCG with gain 1 at
///   rank r discounted by 1/log2(r + 1), divided by the best achievable for that person.
public enum OfflineEvaluation {
    public static func run(
        views: [ItemView], catalog: ItemIndex, settings: CoVisitationSettings, trainingShare: Double = 0.8, k: Int = 10
    ) -> EvaluationReport {
        let ordered = views.sorted { ($0.at, $0.person, $0.item) < ($1.at, $1.person, $1.item) }
        guard !ordered.isEmpty, k > 0 else {
            return EvaluationReport(splitAt: 0, trainingViews: 0, testViews: 0, k: k, rows: [
                RankingQuality(name: "co-visitation", people: 0, hitRate: 0, ndcg: 0),
                RankingQuality(name: "popularity", people: 0, hitRate: 0, ndcg: 0),
            ])
        }
        let share = min(max(trainingShare, 0.05), 0.95)
        let splitAt = ordered[min(ordered.count - 1, Int(Double(ordered.count) * share))].at
        var model = CoVisitationModel(settings: settings, catalog: catalog, origin: splitAt)
        var trained: [String: Set<UInt32>] = [:]
        var later: [String: [UInt32]] = [:]
        var trainingViews = 0
        for view in ordered {
            if view.at < splitAt {
                model.record(person: view.person, item: view.item, at: view.at)
                trained[view.person, default: []].insert(view.item)
                trainingViews += 1
            } else if let before = trained[view.person], !before.contains(view.item) {
                if !(later[view.person]?.contains(view.item) ?? false) { later[view.person, default: []].append(view.item) }
            }
        }
        let popular = model.topPopular(service: nil, count: k + settings.historyPerPerson)
        var coVisitation = Accumulator()
        var baseline = Accumulator()
        for person in later.keys.sorted() {
            guard let relevant = later[person].map(Set.init), !relevant.isEmpty else { continue }
            let personal = model.recommend(person: person, service: nil, limit: k, mode: .personalized, popular: popular)
            let plain = model.recommend(person: person, service: nil, limit: k, mode: .popularity(excludingSeen: true), popular: popular)
            coVisitation.add(personal.items.map(\.item), relevant: relevant, k: k)
            baseline.add(plain.items.map(\.item), relevant: relevant, k: k)
        }
        return EvaluationReport(
            splitAt: splitAt, trainingViews: trainingViews, testViews: ordered.count - trainingViews, k: k,
            rows: [coVisitation.quality("co-visitation"), baseline.quality("popularity")])
    }

    /// Sums of the per-person measures.
    struct Accumulator {
        var people = 0
        var hits = 0
        var gain = 0.0

        mutating func add(_ ranked: [UInt32], relevant: Set<UInt32>, k: Int) {
            people += 1
            let top = ranked.prefix(k)
            if top.contains(where: relevant.contains) { hits += 1 }
            gain += OfflineEvaluation.ndcg(Array(top), relevant: relevant, k: k)
        }

        func quality(_ name: String) -> RankingQuality {
            RankingQuality(
                name: name, people: people, hitRate: people == 0 ? 0 : Double(hits) / Double(people),
                ndcg: people == 0 ? 0 : gain / Double(people))
        }
    }

    /// NDCG@k of one ranking with binary relevance.
    public static func ndcg(_ ranked: [UInt32], relevant: Set<UInt32>, k: Int) -> Double {
        var dcg = 0.0
        for (position, item) in ranked.prefix(k).enumerated() where relevant.contains(item) {
            dcg += 1 / log2(Double(position) + 2)
        }
        var ideal = 0.0
        for position in 0..<min(k, relevant.count) { ideal += 1 / log2(Double(position) + 2) }
        return ideal > 0 ? dcg / ideal : 0
    }
}
