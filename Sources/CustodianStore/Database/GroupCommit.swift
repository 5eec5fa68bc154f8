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
        var flushing = false
    }

    private let state = Mutex(State())
    private let maxBatch: Int
    private let flush: Flush

    /// - Parameters:
    ///   - maxBatch: the most items written in one transaction.
    ///   - flush: writes a batch; returns one output per item, in order.
    public init(maxBatch: Int = 1_000, flush: @escaping Flush) {
        self.maxBatch = maxBatch
        self.flush = flush
    }

    /// Submits `item` and waits until its batch is written.
    public func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startFlush = state.withLock { state -> Bool in
                state.queue.append(Pending(item: item, continuation: continuation))
                guard !state.flushing else { return false }
                state.flushing = true
                return true
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
                let count = min(maxBatch, state.queue.count)
                let batch = Array(state.queue.prefix(count))
                state.queue.removeFirst(count)
                return batch
            }
            guard !batch.isEmpty else { return }
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
