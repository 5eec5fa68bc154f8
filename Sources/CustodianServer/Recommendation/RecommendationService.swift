import CustodianCore
import CustodianStore
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Keeps the process's model current: builds it from the store once the store is ready, learns
/// collected views as the collector hands them over, and rebuilds every interval so that views
/// collected by other nodes, consent withdrawn since, erasures and retention all reach it.
struct RecommendationService: Service {
    let queue: ViewQueue
    let live: LiveModel
    let builder: ModelBuilder
    let gate: PersonalisationGate
    let consent: ConsentService
    let storeReady: StartSignal
    /// Nil: only the first build.
    let rebuildInterval: Duration?
    let now: @Sendable () -> Int64
    let logger: Logger
    let learnedCounter = Counter(label: "custodian_recommendation_views_learned_total")
    let rebuildSeconds = Gauge(label: "custodian_recommendation_rebuild_seconds")
    let peopleGauge = Gauge(label: "custodian_recommendation_people")
    let itemsGauge = Gauge(label: "custodian_recommendation_items")

    func run() async throws {
        await cancelWhenGracefulShutdown { await storeReady.wait() }
        guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return }
        await withDiscardingTaskGroup { group in
            group.addTask { await consume() }
            group.addTask { await rebuildLoop() }
            try? await gracefulShutdown()
            queue.close()
            group.cancelAll()
        }
    }

    /// Learns what the collector hands over, a few hundred views per hold of the model's lock.
    func consume() async {
        while !Task.isCancelled, let batch = await queue.take() {
            do {
                try await learn(batch)
            } catch {
                logger.error("recommendation learning failed", metadata: ["custodian.error": .string(String(describing: type(of: error)))])
            }
        }
    }

    func learn(_ batch: [ViewCandidate]) async throws {
        var allowed: [String: Bool] = [:]
        var views: [(person: String, reference: ItemReference, at: Int64, receivedAt: Int64)] = []
        views.reserveCapacity(min(batch.count, 256))
        for candidate in batch {
            let may: Bool
            if let known = allowed[candidate.person] {
                may = known
            } else {
                let snapshot = try await consent.snapshot(of: candidate.person)
                may = snapshot.exists && gate.allowsLearning(snapshot.states)
                allowed[candidate.person] = may
                // Someone who may not be personalised any more is forgotten at once.
                if !may { live.forget(candidate.person) }
            }
            guard may, let reference = ViewMapping.reference(type: candidate.type, url: candidate.url, properties: candidate.properties, bot: false)
            else { continue }
            views.append((candidate.person, reference, candidate.occurredAt, candidate.receivedAt))
            if views.count == 256 {
                learnedCounter.increment(by: live.learn(views))
                views.removeAll(keepingCapacity: true)
            }
        }
        if !views.isEmpty { learnedCounter.increment(by: live.learn(views)) }
    }

    func rebuildLoop() async {
        while !Task.isCancelled {
            let swapped = await rebuild()
            // An abandoned or failed build is tried again soon; a good one after the interval.
            let wait: Duration? = swapped ? rebuildInterval : .seconds(60)
            guard let wait else { return }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
        }
    }

    /// Builds a new model from the store beside the live one and swaps it in; false when the
    /// build failed or was abandoned (the live model keeps serving).
    @discardableResult
    func rebuild() async -> Bool {
        let watermark = now()
        let started = ContinuousClock.now
        live.beginRebuild(watermark: watermark)
        do {
            let (model, snapshot) = try await builder.build(watermark: watermark)
            let swapped = live.finishRebuild(model)
            if !swapped { live.abandonRebuild() }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            rebuildSeconds.record(seconds)
            let figures = live.figures()
            peopleGauge.record(figures.people)
            itemsGauge.record(figures.items)
            logger.info(
                swapped ? "recommendation model built" : "recommendation rebuild abandoned: too many views arrived during it",
                metadata: [
                    "custodian.recommend.events_read": .stringConvertible(snapshot.eventsRead),
                    "custodian.recommend.views": .stringConvertible(model.viewsLearned),
                    "custodian.recommend.items": .stringConvertible(figures.items),
                    "custodian.recommend.people": .stringConvertible(figures.people),
                    "custodian.recommend.seconds": .string(String(format: "%.2f", seconds)),
                ])
            return swapped
        } catch {
            live.abandonRebuild()
            logger.error("recommendation model build failed", metadata: ["custodian.error": .string(String(describing: type(of: error)))])
            return false
        }
    }
}
