import Foundation

/// One recommended item.
public struct Recommendation: Sendable, Equatable {
    /// Where an item in a list came from.
    public enum Source: String, Sendable, Equatable {
        /// Co-visited with what the person viewed.
        case coVisitation = "co_visitation"
        /// Among the most viewed: the fallback when the person's history says too little.
        case popular
    }

    /// The item's index in the model's catalogue.
    public var item: UInt32
    /// The score relative to the best of the same source in this list (the best is 1).
    public var score: Double
    public var source: Source
}

/// What a list is built from.
public enum RecommendationMode: Sendable, Equatable {
    /// Co-visitation from the person's history, filled from popularity; nothing they have seen.
    case personalized
    /// Popularity alone. With `excludingSeen` the person's history is read to leave out what they
    /// have seen (the offline baseline); without, it is not read at all — the list served to
    /// people who opted out of personalisation, the same for everyone.
    case popularity(excludingSeen: Bool)
}

/// A list of recommendations and what it was built from.
public struct RecommendationList: Sendable, Equatable {
    public var items: [Recommendation]
    /// How many of the person's remembered views seeded it (0: popularity only).
    public var seeds: Int
}

extension CoVisitationModel {
    /// Up to `limit` items for `person`, never one they have seen, optionally only `service`'s.
    ///
    /// Each of the person's latest ``CoVisitationSettings/seedsPerRequest`` views contributes its
    /// neighbours, weighted by how recent the view is (same half-life, counted back from their
    /// latest view) and normalised by both items' popularity (cosine), so that an item popular
    /// with everyone does not top every list. What is left is filled from `popular`, best first.
    /// - Parameters:
    ///   - mode: personalised, or popularity only (``RecommendationMode``).
    ///   - popular: a popularity ranking, such as ``topPopular(service:count:)`` (computed by the
    ///     caller, who may cache it).
    public func recommend(person: String, service: String?, limit: Int, mode: RecommendationMode = .personalized, popular: [UInt32]) -> RecommendationList {
        guard limit > 0 else { return RecommendationList(items: [], seeds: 0) }
        var views: [SeenItem] = []
        if mode != .popularity(excludingSeen: false), let slot = slots[person] { views = histories[Int(slot)].views }
        let seen = Set(views.map(\.item))
        var chosen: [Recommendation] = []
        var seeds = 0
        if mode == .personalized, !views.isEmpty {
            let ordered = views.sorted { ($0.at, $1.item) > ($1.at, $0.item) }.prefix(settings.seedsPerRequest)
            seeds = ordered.count
            let latest = ordered.first?.at ?? 0
            var scores: [UInt32: Double] = [:]
            for seed in ordered {
                let seedPopularity = Double(popularity[Int(seed.item)])
                guard seedPopularity > 0 else { continue }
                let recency = exp2(Double(seed.at - latest) / Double(settings.halfLifeMillis))
                for neighbour in neighbours[Int(seed.item)] where !seen.contains(neighbour.item) {
                    let other = Double(popularity[Int(neighbour.item)])
                    guard other > 0, catalog.isLive(neighbour.item, in: service) else { continue }
                    scores[neighbour.item, default: 0] += recency * Double(neighbour.weight) / (seedPopularity * other).squareRoot()
                }
            }
            let best = scores.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit)
            let top = best.first?.value ?? 1
            chosen = best.map { Recommendation(item: $0.key, score: $0.value / top, source: .coVisitation) }
        }
        if chosen.count < limit {
            let taken = Set(chosen.map(\.item))
            let top = popular.first.map { Double(popularity[Int($0)]) } ?? 1
            for item in popular where chosen.count < limit {
                guard !seen.contains(item), !taken.contains(item), catalog.isLive(item, in: service) else { continue }
                chosen.append(Recommendation(item: item, score: top > 0 ? Double(popularity[Int(item)]) / top : 0, source: .popular))
            }
        }
        return RecommendationList(items: chosen, seeds: seeds)
    }

    /// The `count` most viewed live items (of `service`, when given), most viewed first; items
    /// never viewed are not ranked. One pass over the catalogue keeping the best `count` sorted.
    public func topPopular(service: String?, count: Int) -> [UInt32] {
        guard count > 0 else { return [] }
        var best: [(item: UInt32, weight: Float)] = []
        best.reserveCapacity(count + 1)
        for index in popularity.indices {
            let weight = popularity[index]
            guard weight > 0 else { continue }
            if best.count == count, let last = best.last, weight <= last.weight { continue }
            let item = UInt32(index)
            guard catalog.isLive(item, in: service) else { continue }
            // Ties keep the lower index first, so rankings are deterministic.
            var low = 0
            var high = best.count
            while low < high {
                let middle = (low + high) / 2
                if best[middle].weight >= weight { low = middle + 1 } else { high = middle }
            }
            best.insert((item, weight), at: low)
            if best.count > count { best.removeLast() }
        }
        return best.map(\.item)
    }

    /// The decayed view count of the item at `item`, in the model's current frame.
    public func popularity(of item: UInt32) -> Double {
        Int(item) < popularity.count ? Double(popularity[Int(item)]) : 0
    }

    /// The co-visitation weight from `item` to `other` (0 when they are not neighbours).
    public func coVisitation(_ item: UInt32, _ other: UInt32) -> Double {
        guard Int(item) < neighbours.count else { return 0 }
        return Double(neighbours[Int(item)].first { $0.item == other }?.weight ?? 0)
    }

    /// Neighbours kept for the item at `item`.
    public func neighbourCount(of item: UInt32) -> Int {
        Int(item) < neighbours.count ? neighbours[Int(item)].count : 0
    }
}
