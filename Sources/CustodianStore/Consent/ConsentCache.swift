import Synchronization

/// Per-person consent snapshots in memory, kept current by this process's own writes.
///
/// A load that raced with a write must not put a stale snapshot back: every write moves that
/// person's version forward, and a load stores its result only if the version it started from is
/// still current. Versions are per person, so writes to one person never discard loads of others.
/// Other processes' writes are not seen here, so when several processes share a database
/// (PostgreSQL) entries also expire after `maxAge`; cross-process invalidation with LISTEN/NOTIFY
/// is future work (see docs/policy-and-consent.md).
final class ConsentCache: Sendable {
    /// Where a snapshot was read from: the cache's era and the person's version at that time.
    struct Token: Equatable, Sendable {
        var era: UInt64
        var version: UInt64
    }

    private struct Entry {
        var snapshot: ConsentSnapshot
        var loadedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var versions: [String: UInt64] = [:]
        var era: UInt64 = 0

        func token(_ person: String) -> Token { Token(era: era, version: versions[person] ?? 0) }

        mutating func bump(_ person: String, capacity: Int) {
            // Versions are bounded like entries: past the limit both start over in a new era, which
            // every outstanding token then fails to match.
            if versions.count >= capacity * 2 {
                versions.removeAll(keepingCapacity: true)
                entries.removeAll(keepingCapacity: true)
                era &+= 1
            }
            versions[person, default: 0] &+= 1
        }
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

    /// The cached snapshot of `person`, and the token to pass back when storing a fresh one.
    func lookup(_ person: String) -> (snapshot: ConsentSnapshot?, token: Token) {
        state.withLock { state in
            let token = state.token(person)
            guard let entry = state.entries[person] else { return (nil, token) }
            if let maxAge, ContinuousClock.now - entry.loadedAt > maxAge { return (nil, token) }
            return (entry.snapshot, token)
        }
    }

    /// Caches a loaded `snapshot` unless the person was written to since `token` was taken.
    func store(_ snapshot: ConsentSnapshot, ifToken token: Token) {
        state.withLock { state in
            guard state.token(snapshot.person) == token else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[snapshot.person] = Entry(snapshot: snapshot, loadedAt: .now)
        }
    }

    /// After this process wrote for the person: caches the snapshot it computed when nothing
    /// else was written since `token`, and otherwise drops the entry so the next read reloads.
    func replace(_ snapshot: ConsentSnapshot, ifToken token: Token) {
        state.withLock { state in
            let unchanged = state.token(snapshot.person) == token
            state.bump(snapshot.person, capacity: capacity)
            if unchanged {
                if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
                state.entries[snapshot.person] = Entry(snapshot: snapshot, loadedAt: .now)
            } else {
                state.entries[snapshot.person] = nil
            }
        }
    }

    /// Drops `person`'s snapshot after a write.
    func invalidate(_ person: String) {
        state.withLock { state in
            state.bump(person, capacity: capacity)
            state.entries[person] = nil
        }
    }
}
