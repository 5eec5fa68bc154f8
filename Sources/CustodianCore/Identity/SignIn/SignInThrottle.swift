/// Brute-force protection: growing delays, then a lock that answers like a wrong password.
public enum SignInThrottle {
    /// The window failures are counted in, in milliseconds.
    public static let windowMillis: Int64 = 15 * 60 * 1000
    /// Failures from one address after which every attempt from it fails.
    public static let addressLockAt = 20
    /// Failures on one account after which every attempt on it fails, for the window.
    public static let accountLockAt = 20

    /// How long to wait before answering, in milliseconds: nothing for the first few failures,
    /// then doubling from 250 ms, at most 8 s.
    public static func delayMillis(failures: Int) -> Int {
        guard failures >= 5 else { return 0 }
        let exponent = min(failures - 5, 5)
        return 250 << exponent
    }

    /// Whether attempts are refused outright, whatever the password.
    public static func isLocked(accountFailures: Int, addressFailures: Int) -> Bool {
        accountFailures >= accountLockAt || addressFailures >= addressLockAt
    }
}
