import Foundation
import CustodianCore

/// How demo people browse: sessions on one site or in the app, reading along a story, within
/// their interests, now and then something else. This is the structure co-visitation learns
/// and popularity cannot: what a person reads next depends on what they just read.
struct DemoBrowsing {
    /// One view in a session.
    struct View {
        var item: Int
        var at: Int64
    }

    /// One session: where it happened and what was viewed.
    struct Session {
        /// The service name the events come from.
        var service: String
        var app: Bool
        var views: [View]
    }

    let items: [DemoItem]
    /// Item indexes by kind and topic, and by story, each in order of publication.
    let byKindAndTopic: [String: [Int]]
    let byStory: [Int: [Int]]
    let start: Int64
    let end: Int64

    init(items: [DemoItem], start: Int64, end: Int64) {
        self.items = items
        self.start = start
        self.end = end
        var byKindAndTopic: [String: [Int]] = [:]
        var byStory: [Int: [Int]] = [:]
        let ordered = items.indices.sorted { (items[$0].item.published, $0) < (items[$1].item.published, $1) }
        for index in ordered {
            byKindAndTopic[Self.key(items[index].kind, items[index].topic), default: []].append(index)
            byStory[items[index].story, default: []].append(index)
        }
        self.byKindAndTopic = byKindAndTopic
        self.byStory = byStory
    }

    static func key(_ kind: DemoWorld.ItemKind, _ topic: Int) -> String { "\(kind.rawValue)/\(topic)" }

    /// The sessions of `person`, in time order.
    func sessions(of person: DemoPerson, mean: Double, random: inout DemoRandom) -> [Session] {
        let count = 1 + random.poisson(mean * person.activity)
        let span = Double(end - start)
        // Evenings and mornings are busier than nights.
        let hours = [0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 0.8, 1.5, 1.8, 1.2, 1, 1, 1.3, 1.1, 1, 1, 1.1, 1.3, 1.6, 2, 2.1, 1.8, 1.2, 0.6]
        var sessions: [Session] = []
        for _ in 0..<count {
            let day = Int64(random.unit() * span) / 86_400_000
            var at = start + day * 86_400_000 + Int64(random.weighted(hours)) * 3_600_000 + Int64(random.int(0..<3_600)) * 1_000
            let app = person.home == "daily-ios" ? random.chance(0.8) : random.chance(0.1)
            let kinds: [DemoWorld.ItemKind] = app ? [.article, .video] : [[.article, .video, .product][random.weighted([0.7, 0.2, 0.1])]]
            let service = app ? "daily-ios" : (DemoWorld.services.first { $0.publishes == kinds[0] }?.name ?? "daily-web")
            var views: [View] = []
            var topic = pickTopic(person, random: &random)
            var last: Int?
            for _ in 0..<(1 + min(24, random.poisson(5))) {
                guard at < end else { break }
                var next: Int?
                let roll = random.unit()
                if let last, roll < 0.5 {
                    next = nextInStory(after: last, at: at, excluding: views)
                } else if roll > 0.85 {
                    topic = pickTopic(person, random: &random)
                }
                if next == nil { next = pick(kinds: kinds, topic: topic, at: at, excluding: views, random: &random) }
                guard let item = next else { continue }
                views.append(View(item: item, at: at))
                last = item
                topic = items[item].topic
                at += 20_000 + Int64(random.exponential(90_000))
            }
            if !views.isEmpty { sessions.append(Session(service: service, app: app, views: views)) }
        }
        return sessions.sorted { $0.views[0].at < $1.views[0].at }
    }

    /// One of the person's interests, by weight; now and then any topic.
    func pickTopic(_ person: DemoPerson, random: inout DemoRandom) -> Int {
        if random.chance(0.12) { return random.int(0..<DemoWorld.topics.count) }
        return person.interests[random.weighted(person.interests.map(\.weight))].topic
    }

    /// The next item of the story, published by `at`, not yet viewed in the session.
    func nextInStory(after item: Int, at: Int64, excluding views: [View]) -> Int? {
        guard let story = byStory[items[item].story] else { return nil }
        return story.first { candidate in
            candidate != item && items[candidate].item.published <= at && !views.contains { $0.item == candidate }
        }
    }

    /// An item of `topic` and one of `kinds`, published by `at`: among a sample of them, by
    /// appeal and freshness (a story loses half its draw every two weeks).
    func pick(kinds: [DemoWorld.ItemKind], topic: Int, at: Int64, excluding views: [View], random: inout DemoRandom) -> Int? {
        let kind = kinds[random.int(0..<kinds.count)]
        guard let list = byKindAndTopic[Self.key(kind, topic)] else { return nil }
        // Published by `at`: a prefix of the list, found by binary search.
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if items[list[middle]].item.published <= at { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        var candidates: [Int] = []
        var weights: [Double] = []
        for _ in 0..<min(32, low) {
            // Skewed towards the newest: most reading is of recent content.
            let position = low - 1 - Int(Double(low) * random.unit() * random.unit())
            let candidate = list[max(0, position)]
            guard !views.contains(where: { $0.item == candidate }) else { continue }
            let age = Double(at - items[candidate].item.published) / 86_400_000
            candidates.append(candidate)
            weights.append(items[candidate].appeal * (0.15 + exp2(-age / 14)))
        }
        guard !candidates.isEmpty else { return nil }
        return candidates[random.weighted(weights)]
    }
}
