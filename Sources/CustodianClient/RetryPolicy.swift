import Foundation

/// How long to wait before sending again after a failure: exponential backoff with jitter, and
/// never sooner than the server asked with `Retry-After`.
public struct RetryPolicy: Sendable, Equatable {
    /// The wait after the first failure (seconds).
    public var initialDelay: TimeInterval = 1
    /// The longest wait (seconds); also the wait while the key is refused (401/403).
    public var maximumDelay: TimeInterval = 300
    /// Each further failure multiplies the wait by this.
    public var multiplier: Double = 2
    /// The share of each wait that is random (0…1), so that many devices that failed together do
    /// not come back together.
    public var jitter: Double = 0.5

    public init(initialDelay: TimeInterval = 1, maximumDelay: TimeInterval = 300, multiplier: Double = 2, jitter: Double = 0.5) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The wait after `failures` failures in a row (1 for the first).
    ///
    /// - Parameters:
    ///   - retryAfter: what the server asked for, if it did; the wait is never shorter.
    ///   - random: a number in 0..<1 (tests fix it).
    public func delay(failures: Int, retryAfter: TimeInterval? = nil, random: Double = Double.random(in: 0..<1)) -> TimeInterval {
        let exponent = Double(max(failures, 1) - 1)
        let ceiling = min(maximumDelay, initialDelay * pow(multiplier, min(exponent, 64)))
        let jittered = ceiling * (1 - min(max(jitter, 0), 1) * random)
        // A server's wish is honoured even past maximumDelay, up to a day.
        return max(jittered, min(retryAfter ?? 0, 86_400))
    }

    /// Seconds from a `Retry-After` value: delta-seconds or an HTTP date.
    public static func retryAfter(_ value: String?, now: Date = Date()) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return TimeInterval(max(seconds, 0)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(date.timeIntervalSince(now), 0)
    }
}
