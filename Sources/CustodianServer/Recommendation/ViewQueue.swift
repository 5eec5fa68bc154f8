import CustodianCore
import CustodianStore
import Metrics
import Synchronization

/// A collected event that may be a view of a catalogue item, on its way to the model.
struct ViewCandidate: Sendable {
    var person: String
    var type: String
    var url: String?
    var properties: String?
    var occurredAt: Int64
    var receivedAt: Int64
}

/// The bounded hand-off from collection to the model: the collector offers what it has just
/// made durable and returns at once; the model's service takes everything waiting, in order.
///
/// Ingest must never wait for the model, so when `capacity` views are already waiting the
/// offered ones are dropped and counted (`custodian_recommendation_views_dropped_total`) instead.
/// A dropped view is still stored: the next rebuild learns it.
final class ViewQueue: CollectedEventObserver, Sendable {
    private struct State {
        var waiting: [ViewCandidate] = []
        var consumer: CheckedContinuation<Void, Never>?
        var dropped = 0
        var closed = false
    }

    private let state = Mutex(State())
    let capacity: Int
    private let droppedCounter = Counter(label: "custodian_recommendation_views_dropped_total")
    private let depthGauge = Gauge(label: "custodian_recommendation_queue_depth")

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Views dropped because the queue was full, since start-up.
    var dropped: Int { state.withLock { $0.dropped } }

    /// Views waiting.
    var depth: Int { state.withLock { $0.waiting.count } }

    /// The collector's hook: keeps people's non-bot page and screen events, and drops them all
    /// (counted) when there is no room. Runs on the request path: a filter and an append.
    func collected(_ records: [EventRecord]) {
        var candidates: [ViewCandidate] = []
        for record in records {
            let event = record.event
            guard let person = record.personId, !event.bot, event.type == .page || event.type == .screen,
                  event.url != nil || event.properties != nil
            else { continue }
            candidates.append(ViewCandidate(
                person: person, type: event.type.rawValue, url: event.url, properties: event.properties, occurredAt: event.occurredAt,
                receivedAt: event.receivedAt))
        }
        guard !candidates.isEmpty else { return }
        offer(candidates)
    }

    /// Queues `candidates`, or drops them when they do not fit. Returns whether they were queued.
    @discardableResult
    func offer(_ candidates: [ViewCandidate]) -> Bool {
        let (consumer, accepted, depth) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool, Int) in
            guard !state.closed, state.waiting.count + candidates.count <= capacity else {
                state.dropped += candidates.count
                return (nil, false, state.waiting.count)
            }
            state.waiting += candidates
            let consumer = state.consumer
            state.consumer = nil
            return (consumer, true, state.waiting.count)
        }
        if accepted {
            consumer?.resume()
        } else {
            droppedCounter.increment(by: candidates.count)
        }
        depthGauge.record(depth)
        return accepted
    }

    /// Everything waiting, once there is something; nil once the queue is closed and empty.
    /// Cancelling the waiting task closes the queue.
    func take() async -> [ViewCandidate]? {
        while true {
            let taken = state.withLock { state -> [ViewCandidate]?? in
                if !state.waiting.isEmpty {
                    let batch = state.waiting
                    state.waiting = []
                    return .some(batch)
                }
                return state.closed ? .some(nil) : nil
            }
            if let taken {
                depthGauge.record(0)
                return taken
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if !state.waiting.isEmpty || state.closed { return true }
                        state.consumer = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                close()
            }
        }
    }

    /// Refuses further offers and wakes the consumer, which then drains what is left.
    func close() {
        let consumer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            let consumer = state.consumer
            state.consumer = nil
            return consumer
        }
        consumer?.resume()
    }
}
