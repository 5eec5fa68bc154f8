import CustodianCore
import Foundation
import Testing

@Suite("Co-visitation model: counts, decay, exclusion, fallback, bounds")
struct CoVisitationModelTests {
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    static let t0: Int64 = 1_780_000_000_000

    /// A model over items a…h (all of service "web", except g and h of "app").
    static func model(_ settings: CoVisitationSettings = CoVisitationSettings(halfLifeMillis: 7 * day)) -> (CoVisitationModel, [String: UInt32]) {
        var model = CoVisitationModel(settings: settings, origin: t0)
        var ids: [String: UInt32] = [:]
        for id in ["a", "b", "c", "d", "e", "f", "g", "h"] {
            ids[id] = model.upsert(CatalogTests.item(id, service: ["g", "h"].contains(id) ? "app" : "web"))
        }
        return (model, ids)
    }

    @Test func viewsWithinTheWindowAreCountedOncePerPersonInBothDirections() throws {
        var (model, i) = Self.model()
        model.record(person: "p1", item: i["a"]!, at: Self.t0)
        model.record(person: "p1", item: i["b"]!, at: Self.t0 + 60_000)
        // A reload of b in the same session adds nothing.
        let reload = model.record(person: "p1", item: i["b"]!, at: Self.t0 + 120_000)
        #expect(!reload)
        model.record(person: "p2", item: i["b"]!, at: Self.t0)
        model.record(person: "p2", item: i["a"]!, at: Self.t0)
        // Two co-visits, each weighing about 1 (a minute after the model's origin).
        #expect(abs(model.coVisitation(i["a"]!, i["b"]!) - 2) < 0.001)
        #expect(model.coVisitation(i["b"]!, i["a"]!) == model.coVisitation(i["a"]!, i["b"]!))
        #expect(abs(model.popularity(of: i["b"]!) - 2) < 0.001)
        #expect(model.pairsLearned == 2)
        // Views further apart than the window are not co-visits.
        model.record(person: "p3", item: i["c"]!, at: Self.t0)
        model.record(person: "p3", item: i["d"]!, at: Self.t0 + 2 * Self.hour)
        #expect(model.coVisitation(i["c"]!, i["d"]!) == 0)
    }

    @Test func aViewOneHalfLifeLaterWeighsTwice() {
        var (model, i) = Self.model()
        model.record(person: "p1", item: i["a"]!, at: Self.t0)
        model.record(person: "p2", item: i["b"]!, at: Self.t0 + 7 * Self.day)
        #expect(model.popularity(of: i["b"]!) == 2 * model.popularity(of: i["a"]!))
    }

    @Test func recentCoVisitsOutrankOlderOnesOfTheSameCount() {
        var (model, i) = Self.model()
        // Two people co-visited a and b four weeks ago; two co-visited a and c last week.
        for (index, person) in ["o1", "o2"].enumerated() {
            model.record(person: person, item: i["a"]!, at: Self.t0 + Int64(index))
            model.record(person: person, item: i["b"]!, at: Self.t0 + Int64(index) + 1)
        }
        for (index, person) in ["n1", "n2"].enumerated() {
            model.record(person: person, item: i["a"]!, at: Self.t0 + 21 * Self.day + Int64(index))
            model.record(person: person, item: i["c"]!, at: Self.t0 + 21 * Self.day + Int64(index) + 1)
        }
        model.record(person: "reader", item: i["a"]!, at: Self.t0 + 22 * Self.day)
        let list = model.recommend(person: "reader", service: nil, limit: 2, popular: [])
        #expect(list.items.map(\.item) == [i["c"]!, i["b"]!])
        #expect(list.items.allSatisfy { $0.source == .coVisitation })
        #expect(list.items.first?.score == 1)
    }

    @Test func whatThePersonHasSeenIsNeverRecommended() {
        var (model, i) = Self.model()
        for person in ["p1", "p2", "p3"] {
            for (offset, item) in ["a", "b", "c"].enumerated() { model.record(person: person, item: i[item]!, at: Self.t0 + Int64(offset)) }
        }
        model.record(person: "reader", item: i["a"]!, at: Self.t0 + Self.day)
        model.record(person: "reader", item: i["b"]!, at: Self.t0 + Self.day + 1)
        let popular = model.topPopular(service: nil, count: 10)
        let list = model.recommend(person: "reader", service: nil, limit: 5, popular: popular)
        #expect(list.items.first?.item == i["c"]!)
        #expect(!list.items.contains { [i["a"]!, i["b"]!].contains($0.item) })
        #expect(list.seeds == 2)
    }

    @Test func someoneTheModelDoesNotKnowGetsThePopularList() {
        var (model, i) = Self.model()
        for (n, person) in ["p1", "p2", "p3"].enumerated() { model.record(person: person, item: i["d"]!, at: Self.t0 + Int64(n)) }
        model.record(person: "p1", item: i["e"]!, at: Self.t0 + Self.day)
        let popular = model.topPopular(service: nil, count: 10)
        #expect(popular == [i["d"]!, i["e"]!])
        let list = model.recommend(person: "stranger", service: nil, limit: 3, popular: popular)
        #expect(list.items.map(\.item) == [i["d"]!, i["e"]!])
        #expect(list.items.allSatisfy { $0.source == .popular } && list.seeds == 0)
        // e's one view is a day later than d's three, so it weighs 2^(1/7) of one of theirs.
        #expect(list.items.first?.score == 1)
        #expect(abs((list.items.last?.score ?? 0) - exp2(1.0 / 7) / 3) < 1e-6)
    }

    @Test func aThinHistoryIsFilledFromPopularityWithoutRepeats() {
        var (model, i) = Self.model()
        model.record(person: "p1", item: i["a"]!, at: Self.t0)
        model.record(person: "p1", item: i["b"]!, at: Self.t0 + 1)
        for (n, person) in ["p2", "p3", "p4"].enumerated() { model.record(person: person, item: i["f"]!, at: Self.t0 + Int64(n)) }
        model.record(person: "reader", item: i["a"]!, at: Self.t0 + Self.hour * 3)
        let list = model.recommend(person: "reader", service: nil, limit: 3, popular: model.topPopular(service: nil, count: 10))
        #expect(list.items.map(\.item) == [i["b"]!, i["f"]!])
        #expect(list.items.map(\.source) == [.coVisitation, .popular])
    }

    @Test func theNonPersonalisedListIsTheSameForEveryoneAndReadsNoHistory() {
        var (model, i) = Self.model()
        for (n, person) in ["p1", "p2"].enumerated() { model.record(person: person, item: i["a"]!, at: Self.t0 + Int64(n)) }
        model.record(person: "p1", item: i["b"]!, at: Self.t0 + 5)
        let popular = model.topPopular(service: nil, count: 10)
        let forP1 = model.recommend(person: "p1", service: nil, limit: 5, mode: .popularity(excludingSeen: false), popular: popular)
        let forStranger = model.recommend(person: "x", service: nil, limit: 5, mode: .popularity(excludingSeen: false), popular: popular)
        #expect(forP1 == forStranger)
        #expect(forP1.items.map(\.item) == [i["a"]!, i["b"]!] && forP1.seeds == 0)
        let baseline = model.recommend(person: "p1", service: nil, limit: 5, mode: .popularity(excludingSeen: true), popular: popular)
        #expect(baseline.items.isEmpty)
    }

    @Test func aServiceFilterKeepsOnlyThatServicesItems() {
        var (model, i) = Self.model()
        for person in ["p1", "p2"] {
            model.record(person: person, item: i["a"]!, at: Self.t0)
            model.record(person: person, item: i["b"]!, at: Self.t0 + 1)
            model.record(person: person, item: i["g"]!, at: Self.t0 + 2)
        }
        model.record(person: "reader", item: i["a"]!, at: Self.t0 + 10)
        let app = model.recommend(person: "reader", service: "app", limit: 5, popular: model.topPopular(service: "app", count: 5))
        #expect(app.items.map(\.item) == [i["g"]!])
        #expect(model.topPopular(service: "web", count: 5) == [i["a"]!, i["b"]!])
    }

    @Test func forgottenPeopleAndRemovedItemsDropOut() {
        var (model, i) = Self.model()
        model.record(person: "p1", item: i["a"]!, at: Self.t0)
        model.record(person: "p1", item: i["b"]!, at: Self.t0 + 1)
        model.forget(person: "p1")
        #expect(model.history(of: "p1").isEmpty && model.peopleCount == 0)
        model.record(person: "p2", item: i["a"]!, at: Self.t0 + 2)
        let removed = model.remove(itemId: "b")
        #expect(removed)
        let list = model.recommend(person: "p2", service: nil, limit: 5, popular: model.topPopular(service: nil, count: 5))
        #expect(!list.items.contains { $0.item == i["b"]! })
        let learnedRemoved = model.record(person: "p2", item: i["b"]!, at: Self.t0 + 3)
        #expect(!learnedRemoved)
    }

    @Test func rescalingKeepsTheRankingAndTheValuesInRange() {
        var (model, i) = Self.model(CoVisitationSettings(halfLifeMillis: 60_000))
        model.record(person: "p1", item: i["a"]!, at: Self.t0)
        model.record(person: "p2", item: i["a"]!, at: Self.t0 + 1)
        // Two hours later is 120 half-lives: the model rescales rather than overflowing.
        model.record(person: "p3", item: i["b"]!, at: Self.t0 + 2 * Self.hour)
        #expect(model.origin > Self.t0)
        #expect(model.popularity(of: i["b"]!).isFinite && model.popularity(of: i["b"]!) > 0)
        #expect(model.topPopular(service: nil, count: 2).first == i["b"]!)
        #expect(model.popularity(of: i["a"]!) < 1e-30)
    }

    @Test func memoryStaysWithinItsBounds() {
        let settings = CoVisitationSettings(neighboursPerItem: 4, historyPerPerson: 4, maxPeople: 10)
        var model = CoVisitationModel(settings: settings, origin: Self.t0)
        let items = (0..<40).map { model.upsert(CatalogTests.item("i\($0)")) }
        for person in 0..<30 {
            for (n, item) in items.enumerated() { model.record(person: "p\(person)", item: item, at: Self.t0 + Int64(person * 100 + n)) }
        }
        #expect(model.peopleCount <= 10)
        #expect(items.allSatisfy { model.neighbourCount(of: $0) < 2 * settings.neighboursPerItem })
        #expect(model.history(of: "p29").count == 4)
        #expect(model.history(of: "p0").isEmpty)
        #expect(settings.memoryBound(items: 100_000) < 64 << 20)
    }
}
