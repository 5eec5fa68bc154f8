import Synchronization

/// Per-person consent snapshots in memory, invalidated on every write this process makes.
///
/// A load that raced with a write must not put the stale snapshot back: every invalidation moves
/// an epoch forward, and a load stores its result only if the epoch did not move while it read.
/// Other processes' writes are not seen until the entry is evicted (cross-process invalidation
/// with LISTEN/NOTIFY is future work; see docs/policy-and-consent.md).
final class ConsentCache: Sendable {
    private struct State {
        var entries: [String: ConsentSnapshot] = [:]
        var epoch: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The cached snapshot of `person` and the epoch to pass to ``store(_:ifEpoch:)`` on a miss.
    func lookup(_ person: String) -> (snapshot: ConsentSnapshot?, epoch: UInt64) {
        state.withLock { ($0.entries[person], $0.epoch) }
    }

    /// Caches `snapshot` unless something was invalidated since `epoch` was read.
    func store(_ snapshot: ConsentSnapshot, ifEpoch epoch: UInt64) {
        state.withLock { state in
            guard state.epoch == epoch else { return }
            // Crude but bounded: a full cache starts over rather than tracking recency.
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[snapshot.person] = snapshot
        }
    }

    /// Drops `person`'s snapshot after a write.
    func invalidate(_ person: String) {
        state.withLock { state in
            state.epoch &+= 1
            state.entries[person] = nil
        }
    }
}
