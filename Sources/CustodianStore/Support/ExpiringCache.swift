import Synchronization

/// A small bounded cache whose entries expire: for lookups that sit on every request (sessions,
/// policy acceptance) and whose staleness is bounded by the TTL on other nodes.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var until: ContinuousClock.Instant
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let capacity: Int
    private let ttl: Duration

    init(capacity: Int, ttl: Duration) {
        self.capacity = capacity
        self.ttl = ttl
    }

    func value(for key: Key) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.until > .now else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func store(_ value: Value, for key: Key) {
        entries.withLock { entries in
            // Bounded crudely: a full cache starts over rather than tracking recency.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(value: value, until: .now + ttl)
        }
    }

    func remove(where predicate: (Value) -> Bool) {
        entries.withLock { entries in entries = entries.filter { !predicate($0.value.value) } }
    }
}
