import CustodianCore
import Synchronization

/// Counts submissions per sender over a sliding window, in memory, to keep unauthenticated
/// forms (contact, anonymous surveys) from being flooded.
///
/// Senders are keys the caller chooses (a person's id, a visitor's network); nothing is stored,
/// so no address outlives the window. Each server process counts on its own: behind a load
/// balancer the effective limit is the limit times the number of processes.
final class SubmissionLimiter: Sendable {
    let limit: Int
    let window: Duration
    private let capacity: Int
    private let times = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(limit: Int, window: Duration, capacity: Int = 100_000) {
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// Counts one submission of `sender`; nil when allowed, else the seconds until one is.
    func admit(_ sender: String) -> Int? {
        let now = ContinuousClock.now
        return times.withLock { times in
            var recent = (times[sender] ?? []).filter { now - $0 < window }
            if recent.count >= limit, let oldest = recent.first {
                times[sender] = recent
                let wait = window - (now - oldest)
                return max(1, Int(wait.components.seconds) + 1)
            }
            // Bounded crudely: a full table starts over rather than tracking recency.
            if times.count >= capacity { times.removeAll(keepingCapacity: true) }
            recent.append(now)
            times[sender] = recent
            return nil
        }
    }

    /// The sender key of a visitor: their network (IPv4 /24, IPv6 /48), or one shared key when
    /// the address is unknown.
    static func visitorKey(remoteIP: String?) -> String {
        "network:" + (remoteIP.flatMap(IPTruncation.truncate) ?? "unknown")
    }
}
