import CustodianCore
import Foundation
import Testing

@testable import CustodianServer

@Suite("The live model: rebuilds beside it, replay, catalogue changes")
struct LiveModelTests {
    static let t0: Int64 = 1_780_000_000_000

    static func item(_ id: String) -> CatalogItem {
        CatalogItem(id: id, service: "web", title: id, url: "https://news.example/\(id)", tags: [], published: 0, createdAt: 0, updatedAt: 0)
    }

    static func view(_ person: String, _ id: String, at: Int64) -> (person: String, reference: ItemReference, at: Int64, receivedAt: Int64) {
        (person, .id(id), at, at)
    }

    @Test func viewsAndCatalogueChangesMadeDuringARebuildAreReplayedIntoTheNewModel() {
        let live = LiveModel(settings: CoVisitationSettings(), now: Self.t0)
        for id in ["a", "b", "c"] { live.upsert(Self.item(id)) }
        #expect(live.learn([Self.view("p", "a", at: Self.t0), Self.view("p", "b", at: Self.t0 + 1)]) == 2)
        #expect(!live.isReady)

        live.beginRebuild(watermark: Self.t0 + 10)
        // Learned live while the rebuild reads the store: one before its watermark (in the store
        // already), two after it.
        _ = live.learn([Self.view("q", "a", at: Self.t0 + 5), Self.view("q", "c", at: Self.t0 + 20), Self.view("r", "d", at: Self.t0 + 30)])
        live.upsert(Self.item("d"))
        live.remove(itemId: "b")
        _ = live.learn([Self.view("r", "d", at: Self.t0 + 40)])

        // The rebuild read the store before all that: items a, b, c and p's views, q's first.
        var rebuilt = CoVisitationModel(settings: CoVisitationSettings(), origin: Self.t0 + 10)
        let indexes = ["a", "b", "c"].map { rebuilt.upsert(Self.item($0)) }
        rebuilt.record(person: "p", item: indexes[0], at: Self.t0)
        rebuilt.record(person: "p", item: indexes[1], at: Self.t0 + 1)
        rebuilt.record(person: "q", item: indexes[0], at: Self.t0 + 5)
        #expect(live.finishRebuild(rebuilt))
        #expect(live.isReady)
        #expect(live.history(of: "q") == ["c", "a"])
        #expect(live.history(of: "r") == ["d"])
        #expect(live.item("b") == nil && live.item("d") != nil)
        let (list, _) = live.recommend(person: "q", service: nil, limit: 5, mode: .personalized)
        #expect(list.seeds == 2)
        #expect(live.figures().viewsLearned == 5)
    }

    @Test func aRebuildIsAbandonedWhenTooMuchArrivesDuringIt() {
        let live = LiveModel(settings: CoVisitationSettings(), now: Self.t0, replayCapacity: 2)
        live.upsert(Self.item("a"))
        live.upsert(Self.item("b"))
        live.beginRebuild(watermark: Self.t0)
        _ = live.learn((0..<3).map { Self.view("p\($0)", "a", at: Self.t0 + Int64($0)) })
        #expect(!live.finishRebuild(CoVisitationModel(settings: CoVisitationSettings(), origin: Self.t0)))
        // The live model, which learned everything, keeps serving.
        #expect(live.history(of: "p2") == ["a"])
        live.abandonRebuild()
        #expect(live.isReady)
    }
}
