/// The rules of console sign-in, kept pure so they are unit-tested without a database.
public struct StaffSignInRules: Sendable, Equatable {
    /// Consecutive failures after which the account is locked.
    public var lockAfterFailures = 5
    /// How long a lock lasts, in milliseconds (15 minutes).
    public var lockMillis: Int64 = 15 * 60 * 1000
    /// The shortest password a staff member may choose.
    public var minimumPasswordLength = 12

    public init() {}

    /// Whether an account with `lockedUntil` refuses every attempt at `now`.
    public func isLocked(lockedUntil: Int64?, now: Int64) -> Bool {
        guard let lockedUntil else { return false }
        return lockedUntil > now
    }

    /// The lock to set after a failure that brought the count to `failures`, or nil.
    public func lockUntil(afterFailures failures: Int, now: Int64) -> Int64? {
        failures >= lockAfterFailures ? now + lockMillis : nil
    }

    /// Why `password` cannot be a new staff password, or nil when it can.
    public func problem(newPassword password: String, email: String?) -> String? {
        if password.count < minimumPasswordLength { return "Choose a password of at least \(minimumPasswordLength) characters." }
        if password.utf8.count > 72 { return "Choose a password of at most 72 bytes (bcrypt reads no further)." }
        if let email, password.lowercased().contains(email.lowercased()) { return "Choose a password that does not contain your email address." }
        return nil
    }
}
