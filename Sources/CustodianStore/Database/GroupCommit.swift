import Synchronization

/// Collects items submitted concurrently and writes them together, answering each submitter
/// only once its batch is durable.
///
/// The first submitter to find no flush running starts one; everything submitted while it runs
/// joins the next batch. Each flush is a short-lived task, not a detached loop: every item in it
/// has a caller awaiting its answer, so nothing can be dropped while a request is in flight, and
/// graceful shutdown (which waits for requests) waits for the flush too.
public final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    public typealias Flush = @Sendable ([Item]) async throws -> [Output]

    private struct Pending {
        var item: Item
        var continuation: CheckedContinuation<Output, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        /// The weight of everything submitted and not yet answered (queued or being flushed).
        var weight = 0
        var flushing = false
    }

    /// Thrown by ``submit(_:)`` when the queue holds ``capacity`` already: the caller should
    /// answer "busy" (429) rather than let memory grow without bound.
    public struct Full: Error, Sendable {}

    private let state = Mutex(State())
    private let maxBatch: Int
    private let capacity: Int
    private let weigh: @Sendable (Item) -> Int
    private let flush: Flush

    /// - Parameters:
    ///   - maxBatch: the most weight (items, by default) written in one transaction.
    ///   - capacity: the most weight waiting at once; further submissions throw ``Full``.
    ///   - weigh: an item's weight (e.g. the number of rows it holds); 1 by default.
    ///   - flush: writes a batch; returns one output per item, in order.
    public init(
        maxBatch: Int = 1_000, capacity: Int = .max, weigh: @escaping @Sendable (Item) -> Int = { _ in 1 }, flush: @escaping Flush
    ) {
        self.maxBatch = maxBatch
        self.capacity = capacity
        self.weigh = weigh
        self.flush = flush
    }

    /// The weight waiting to be written, for metrics.
    public var pendingWeight: Int { state.withLock { $0.weight } }

    /// Submits `item` and waits until its batch is written.
    /// - Throws: ``Full`` at once when the queue is at capacity; the flush's error otherwise.
    public func submit(_ item: Item) async throws -> Output {
        let weight = weigh(item)
        return try await withCheckedThrowingContinuation { continuation in
            let (accepted, startFlush) = state.withLock { state -> (Bool, Bool) in
                // One item is always let in, however heavy, so nothing is refused forever.
                guard state.weight == 0 || state.weight + weight <= capacity else { return (false, false) }
                state.weight += weight
                state.queue.append(Pending(item: item, continuation: continuation))
                guard !state.flushing else { return (true, false) }
                state.flushing = true
                return (true, true)
            }
            guard accepted else {
                continuation.resume(throwing: Full())
                return
            }
            if startFlush {
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Pending] in
                guard !state.queue.isEmpty else {
                    state.flushing = false
                    return []
                }
                var count = 0
                var weight = 0
                while count < state.queue.count, count == 0 || weight + weigh(state.queue[count].item) <= maxBatch {
                    weight += weigh(state.queue[count].item)
                    count += 1
                }
                let batch = Array(state.queue.prefix(count))
                state.queue.removeFirst(count)
                return batch
            }
            guard !batch.isEmpty else { return }
            let batchWeight = batch.reduce(0) { $0 + weigh($1.item) }
            defer { state.withLock { $0.weight -= batchWeight } }
            do {
                let outputs = try await flush(batch.map(\.item))
                guard outputs.count == batch.count else {
                    throw StoreError.corrupt("group commit returned \(outputs.count) results for \(batch.count) items")
                }
                for (pending, output) in zip(batch, outputs) { pending.continuation.resume(returning: output) }
            } catch {
                for pending in batch { pending.continuation.resume(throwing: error) }
            }
        }
    }
}
