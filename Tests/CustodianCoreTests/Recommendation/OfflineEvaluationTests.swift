import CustodianCore
import Foundation
import Testing

@Suite("Offline evaluation: time split, hit rate, NDCG")
struct OfflineEvaluationTests {
    @Test func ndcgRewardsEarlyHits() {
        #expect(OfflineEvaluation.ndcg([1, 2, 3], relevant: [1], k: 3) == 1)
        #expect(abs(OfflineEvaluation.ndcg([2, 1, 3], relevant: [1], k: 3) - 1 / log2(3.0)) < 1e-12)
        #expect(OfflineEvaluation.ndcg([2, 3], relevant: [1], k: 2) == 0)
    }

    /// Two communities: people who read football read football, cooks read recipes. Football is
    /// more popular overall, so popularity serves cooks badly and co-visitation well.
    @Test func coVisitationBeatsPopularityWhereTastesDiffer() {
        var catalog = ItemIndex()
        let football = (0..<6).map { catalog.upsert(CatalogTests.item("f\($0)")) }
        let recipes = (0..<6).map { catalog.upsert(CatalogTests.item("r\($0)")) }
        var views: [ItemView] = []
        let day: Int64 = 86_400_000
        for person in 0..<30 {
            let shelf = person < 20 ? football : recipes
            // A first sitting early on with three of their shelf, a second much later with the rest.
            for sitting in 0..<2 {
                let start = Int64(sitting * 10 + person % 5) * day
                for n in 0..<3 {
                    let item = shelf[(person + sitting * 3 + n) % shelf.count]
                    views.append(ItemView(person: "p\(person)", item: item, at: start + Int64(n) * 60_000))
                }
            }
        }
        let report = OfflineEvaluation.run(views: views, catalog: catalog, settings: CoVisitationSettings(), trainingShare: 0.5, k: 3)
        #expect(report.trainingViews + report.testViews == views.count)
        let (model, baseline) = (report.rows[0], report.rows[1])
        #expect(model.people == baseline.people && model.people > 0)
        #expect(model.people == 30)
        #expect(model.hitRate == 1)
        #expect(baseline.hitRate < 0.7)
        #expect(model.hitRate > baseline.hitRate)
        #expect(model.ndcg > baseline.ndcg)
    }
}
