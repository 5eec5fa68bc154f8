/// When to try a message again after a transient failure, and when to stop.
///
/// Exponential backoff from `baseMillis`, capped at `capMillis`, with up to a fifth of jitter so
/// that many messages failing together do not come back together; after `maxAttempts` the
/// message fails permanently ("never retried forever").
public struct RetrySchedule: Sendable, Equatable {
    public var baseMillis: Int64
    public var capMillis: Int64
    public var maxAttempts: Int

    public init(baseMillis: Int64 = 60_000, capMillis: Int64 = 6 * 3_600_000, maxAttempts: Int = 10) {
        self.baseMillis = baseMillis
        self.capMillis = capMillis
        self.maxAttempts = maxAttempts
    }

    /// Whether a message that has been tried `attempts` times may be tried again.
    public func mayRetry(after attempts: Int) -> Bool {
        attempts < maxAttempts
    }

    /// The delay before the next try after `attempts` tries (1 for the first failure).
    /// - Parameter jitter: a number in 0…1; 0 gives the shortest delay of the schedule.
    public func delayMillis(after attempts: Int, jitter: Double) -> Int64 {
        let exponent = max(0, min(attempts - 1, 30))
        let plain = min(capMillis, baseMillis << Int64(exponent))
        return plain + Int64(Double(plain) * 0.2 * min(max(jitter, 0), 1))
    }
}
