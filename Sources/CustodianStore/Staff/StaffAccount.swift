import CustodianCore

/// A console account as stored, without its password hash or (sealed) email address.
public struct StaffAccount: Sendable, Equatable {
    public var id: String
    public var role: StaffRole
    /// Set for the one-time password `custodian admin create` prints: the first sign-in must
    /// choose a new password before anything else.
    public var mustChangePassword: Bool
    /// Consecutive failed sign-ins since the last success.
    public var failedAttempts: Int
    /// Until when every sign-in is refused (after repeated failures).
    public var lockedUntil: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var lastSignInAt: Int64?
    public var disabledAt: Int64?

    public var isDisabled: Bool { disabledAt != nil }

    /// The audit actor and subject of the account.
    public var actor: String { StaffAccount.actor(id) }

    public static func actor(_ id: String) -> String { "staff:\(id)" }
}

/// An account with its password hash, for sign-in only.
public struct StaffCredential: Sendable, Equatable {
    public var account: StaffAccount
    public var passwordHash: String
}

/// A signed-in console session. Its token is stored only as a SHA-256 digest.
public struct StaffSession: Sendable, Equatable {
    public var id: String
    public var staffId: String
    public var createdAt: Int64
    public var lastSeenAt: Int64
    public var expiresAt: Int64
}

/// A live console session with the account it belongs to, as the console sees each request.
public struct StaffSignedIn: Sendable, Equatable {
    public var session: StaffSession
    public var account: StaffAccount
}
