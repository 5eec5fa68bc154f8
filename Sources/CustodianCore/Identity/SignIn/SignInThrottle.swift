/// Brute-force protection: growing delays, then a lock that answers like a wrong password.
public struct SignInThrottle: Sendable, Equatable {
    /// The window failures are counted in, in milliseconds.
    public var windowMillis: Int64 = 15 * 60 * 1000
    /// Failures from one address after which every attempt from it fails.
    public var addressLockAt = 20
    /// Failures on one account after which every attempt on it fails, for the window.
    public var accountLockAt = 20
    /// The first delay; each further failure doubles it.
    public var baseDelayMillis = 250
    /// The longest delay: 32 times the first (8 s by default).
    public var maxDelayMillis: Int { baseDelayMillis * 32 }
    /// Failures answered without delay.
    public var freeFailures = 4

    public init(baseDelayMillis: Int = 250) {
        self.baseDelayMillis = baseDelayMillis
    }

    /// How long to wait before answering: nothing for the first few failures, then doubling.
    public func delayMillis(failures: Int) -> Int {
        guard failures > freeFailures else { return 0 }
        let exponent = min(failures - freeFailures - 1, 16)
        return min(maxDelayMillis, baseDelayMillis << exponent)
    }

    /// Whether attempts are refused outright, whatever the password.
    public func isLocked(accountFailures: Int, addressFailures: Int) -> Bool {
        accountFailures >= accountLockAt || addressFailures >= addressLockAt
    }
}
