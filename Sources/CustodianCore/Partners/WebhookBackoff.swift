/// When to try a failed webhook delivery again: exponential backoff with a cap, "equal jitter"
/// (half the delay fixed, half random) so that many deliveries failing together do not all
/// return at once, and a limit on attempts after which the delivery is marked failed.
public struct WebhookBackoff: Sendable, Equatable {
    /// The delay after the first failure, in milliseconds.
    public var baseMillis: Int64
    /// No delay is longer than this, in milliseconds.
    public var capMillis: Int64
    /// Attempts in all, the first included; after the last failure the delivery is `failed`.
    public var maxAttempts: Int

    public init(baseMillis: Int64 = 5_000, capMillis: Int64 = 3_600_000, maxAttempts: Int = 12) {
        self.baseMillis = max(1, baseMillis)
        self.capMillis = max(self.baseMillis, capMillis)
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The delay before attempt `attempts + 1`, after `attempts` failed ones; `unit` in [0, 1]
    /// is the random draw (tests pass fixed values). `nil` when no attempt is left.
    public func delay(afterAttempts attempts: Int, unit: Double) -> Int64? {
        guard attempts >= 1, attempts < maxAttempts else { return nil }
        let exponent = min(attempts - 1, 40)
        let raw = baseMillis.multipliedReportingOverflow(by: Int64(1) << exponent)
        let full = raw.overflow ? capMillis : min(capMillis, raw.partialValue)
        let half = full / 2
        return full - half + Int64((Double(half) * min(max(unit, 0), 1)).rounded())
    }
}
