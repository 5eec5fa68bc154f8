import Benchmark
import CustodianCore
import Foundation

// The recommendation model's update path, pure CPU, one thread: what the server's learning
// task does for each collected page view. The collection benchmark ingests about 100k events/s
// (batched, SQLite); the model must learn at least that many views per second on one core.
//
// The model is warmed first with 1M views of 20k people over a 100k-item catalogue (sessions of
// about six views within one of 2,000 topics of 50 items), so neighbour lists and histories are
// at their steady-state sizes; each benchmark then learns fresh views of the same kind.
// `scalingFactor: .kilo`: throughput reads as views per second.

/// The warmed model and the stream of views that follows, shared by the benchmarks below.
/// Safety of `@unchecked Sendable`: package-benchmark runs benchmarks one at a time, each on one
/// thread, so the box is never touched by two threads at once.
final class ModelBox: @unchecked Sendable {
    var model: CoVisitationModel
    let stream: [(person: String, item: UInt32, url: String, at: Int64)]
    var next = 0
    var shift: Int64 = 0

    init(items: Int, people: Int, warm: Int, stream count: Int) {
        var random = SplitMix(seed: 42)
        var catalog = ItemIndex()
        for n in 0..<items {
            catalog.upsert(CatalogItem(
                id: "item-\(n)", service: n % 4 == 0 ? "shop" : "web", title: "Item \(n)", url: "https://daily.example/articles/item-\(n)",
                tags: ["topic-\(n / 50)"], published: 0, createdAt: 0, updatedAt: 0))
        }
        let start: Int64 = 1_780_000_000_000
        var views: [(String, UInt32, String, Int64)] = []
        views.reserveCapacity(warm + count)
        var time = start
        let names = (0..<people).map { "person-\($0)" }
        while views.count < warm + count {
            let person = names[Int(random.next() % UInt64(people))]
            let topic = Int(random.next() % UInt64(items / 50))
            for _ in 0..<(2 + Int(random.next() % 9)) {
                let item = topic * 50 + Int(random.next() % 50)
                views.append((person, UInt32(item), "https://daily.example/articles/item-\(item)?utm_source=feed", time))
                time += 40 + Int64(random.next() % 2_000)
            }
        }
        var model = CoVisitationModel(settings: CoVisitationSettings(), catalog: catalog, origin: start)
        for view in views.prefix(warm) { model.record(person: view.0, item: view.1, at: view.3) }
        self.model = model
        self.stream = views.suffix(count).map { (person: $0.0, item: $0.1, url: $0.2, at: $0.3) }
    }

    /// The next view of the stream; after the end it starts again, later in time.
    func take() -> (person: String, item: UInt32, url: String, at: Int64) {
        if next == stream.count {
            next = 0
            shift += (stream.last?.at ?? 0) - (stream.first?.at ?? 0) + 1
        }
        var view = stream[next]
        view.at += shift
        next += 1
        return view
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 100_000
    )
    let box = ModelBox(items: 100_000, people: 20_000, warm: 1_000_000, stream: 1_000_000)

    // What the model does per view: popularity, pairs with the person's views in the window,
    // the person's history.
    Benchmark("CoVisitationModel record (warm, 100k items, 20k people)") { benchmark in
        for _ in benchmark.scaledIterations {
            let view = box.take()
            blackHole(box.model.record(person: view.person, item: view.item, at: view.at))
        }
    }

    // What the learning task does per collected page view: find the item from the page URL
    // (normalised, looked up), then learn it.
    Benchmark("View mapping + record (URL → item → model)") { benchmark in
        for _ in benchmark.scaledIterations {
            let view = box.take()
            guard let reference = ViewMapping.reference(type: "page", url: view.url, properties: nil, bot: false),
                  let item = box.model.catalog.resolve(reference)
            else { continue }
            blackHole(box.model.record(person: view.person, item: item, at: view.at))
        }
    }

    // Serving, for comparison with the endpoint's latency: one list of 10 from the warm model.
    let popular = box.model.topPopular(service: nil, count: 164)
    Benchmark("CoVisitationModel recommend (10 items)") { benchmark in
        for n in benchmark.scaledIterations {
            blackHole(box.model.recommend(person: "person-\(n % 20_000)", service: nil, limit: 10, popular: popular))
        }
    }

    Benchmark("CoVisitationModel topPopular (100k items, best 164)", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(box.model.topPopular(service: nil, count: 164))
        }
    }
}
