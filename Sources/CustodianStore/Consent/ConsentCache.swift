import Synchronization

/// Per-person consent snapshots in memory, invalidated on every write this process makes.
///
/// A load that raced with a write must not put the stale snapshot back: every invalidation moves
/// an epoch forward, and a load stores its result only if the epoch did not move while it read.
/// Other processes' writes are not seen by this invalidation, so when several processes share a
/// database (PostgreSQL) entries also expire after `maxAge`; cross-process invalidation with
/// LISTEN/NOTIFY is future work (see docs/policy-and-consent.md).
final class ConsentCache: Sendable {
    private struct Entry {
        var snapshot: ConsentSnapshot
        var loadedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var epoch: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let maxAge: Duration?

    /// - Parameters:
    ///   - capacity: the most people kept.
    ///   - maxAge: how long an entry is trusted; `nil` when this process is the only writer.
    init(capacity: Int, maxAge: Duration?) {
        self.capacity = max(1, capacity)
        self.maxAge = maxAge
    }

    /// The cached snapshot of `person` and the epoch to pass to ``store(_:ifEpoch:)`` on a miss.
    func lookup(_ person: String) -> (snapshot: ConsentSnapshot?, epoch: UInt64) {
        state.withLock { state in
            guard let entry = state.entries[person] else { return (nil, state.epoch) }
            if let maxAge, ContinuousClock.now - entry.loadedAt > maxAge { return (nil, state.epoch) }
            return (entry.snapshot, state.epoch)
        }
    }

    /// Caches `snapshot` unless something was invalidated since `epoch` was read.
    func store(_ snapshot: ConsentSnapshot, ifEpoch epoch: UInt64) {
        state.withLock { state in
            guard state.epoch == epoch else { return }
            // Crude but bounded: a full cache starts over rather than tracking recency.
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[snapshot.person] = Entry(snapshot: snapshot, loadedAt: .now)
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
