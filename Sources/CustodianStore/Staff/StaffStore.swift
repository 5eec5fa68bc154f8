import CustodianCore
import Foundation

/// Console accounts: email sealed under a key of the account's own and found by blind index,
/// role, bcrypt password hash, the one-time-password flag, failure counting and locks. Every
/// change is audited with the staff actor (or `cli` for `custodian admin create`).
public final class StaffStore: Sendable {
    /// The blind-index kind of staff email addresses.
    public static let emailLookupKind = "staff-email"
    let database: any SQLDatabase
    let keyring: Keyring
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, keyring: Keyring, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.keyring = keyring
        self.audit = audit
        self.now = now
    }

    /// The data-key subject that seals an account's email address.
    public static func keySubject(_ id: String) -> String { "staff:\(id)" }

    /// Creates an account, audited (`staff.create`). Throws `StoreError.conflict` when an account
    /// with this address (its lookup form, lower-cased) exists.
    public func create(
        email: String, emailLookup: String, role: StaffRole, passwordHash: String, mustChangePassword: Bool = true,
        actor: String, requestId: String? = nil
    ) async throws -> StaffAccount {
        let id = Identifiers.make()
        let time = now()
        let digest = try await keyring.blindIndex().digest(kind: Self.emailLookupKind, value: emailLookup)
        let account = StaffAccount(
            id: id, role: role, mustChangePassword: mustChangePassword, failedAttempts: 0, lockedUntil: nil, createdAt: time, updatedAt: time,
            lastSignInAt: nil, disabledAt: nil)
        try await database.write { [keyring, audit] tx in
            guard try await tx.first(SQL("SELECT id FROM staff_accounts WHERE email_digest = ?", [.blob(digest)])) == nil else {
                throw StoreError.conflict
            }
            let subject = Self.keySubject(id)
            let key = try await keyring.createDataKey(for: subject, in: tx, now: time)
            try await tx.execute(SQL(
                """
                INSERT INTO staff_accounts (id, email_digest, email, role, password_hash, must_change_password, failed_attempts,
                created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)
                """,
                [.text(id), .blob(digest), .blob(FieldCipher.seal(Array(email.utf8), key: key, subject: subject, field: "email")),
                 .text(role.rawValue), .text(passwordHash), .integer(mustChangePassword ? 1 : 0), .integer(time), .integer(time)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "staff.create", subject: account.actor, requestId: requestId, details: ["role": role.rawValue])], in: tx)
        }
        return account
    }

    /// The account signed in to with this address (lookup form), with its hash; nil when none.
    public func credential(emailLookup: String) async throws -> StaffCredential? {
        let digest = try await keyring.blindIndex().digest(kind: Self.emailLookupKind, value: emailLookup)
        return try await database.read { db in
            guard let row = try await db.first(SQL("SELECT * FROM staff_accounts WHERE email_digest = ?", [.blob(digest)])) else { return nil }
            return StaffCredential(account: try Self.account(row), passwordHash: try row.text("password_hash"))
        }
    }

    /// The account with this id, with its hash (for a password change that checks the old one).
    public func credential(id: String) async throws -> StaffCredential? {
        try await database.read { db in
            guard let row = try await db.first(SQL("SELECT * FROM staff_accounts WHERE id = ?", [.text(id)])) else { return nil }
            return StaffCredential(account: try Self.account(row), passwordHash: try row.text("password_hash"))
        }
    }

    /// The account with this id.
    public func account(id: String) async throws -> StaffAccount? {
        try await credential(id: id)?.account
    }

    /// Every account, oldest first.
    public func list() async throws -> [StaffAccount] {
        try await database.read { db in
            try await db.query(SQL("SELECT * FROM staff_accounts ORDER BY created_at, id")).map(Self.account)
        }
    }

    /// The account's email address, opened with the account's own key. Staff are not people of
    /// the platform, so no purpose gate applies; the console shows it only on the staff page.
    public func email(of id: String) async throws -> String? {
        let subject = Self.keySubject(id)
        return try await database.read { [keyring] db in
            guard let row = try await db.first(SQL("SELECT email FROM staff_accounts WHERE id = ?", [.text(id)])),
                  let key = try await keyring.dataKey(for: subject, in: db)
            else { return nil }
            let bytes = try FieldCipher.open(try row.blob("email"), key: key, subject: subject, field: "email")
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Counts a failed sign-in; locks the account when `rules` say so. Audited (`staff.sign_in`, denied).
    @discardableResult
    public func recordFailure(id: String, reason: String, rules: StaffSignInRules, requestId: String? = nil) async throws -> StaffAccount? {
        let time = now()
        return try await database.write { [audit] tx -> StaffAccount? in
            guard var account = try await tx.first(SQL("SELECT * FROM staff_accounts WHERE id = ?", [.text(id)])).map(Self.account) else { return nil }
            account.failedAttempts += 1
            if let until = rules.lockUntil(afterFailures: account.failedAttempts, now: time) { account.lockedUntil = until }
            try await tx.execute(SQL(
                "UPDATE staff_accounts SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?",
                [.integer(Int64(account.failedAttempts)), account.lockedUntil.sqlValue, .integer(time), .text(id)]))
            var details = ["reason": reason, "failures": String(account.failedAttempts)]
            if account.lockedUntil.map({ $0 > time }) == true { details["locked"] = "true" }
            try await audit.append([AuditEvent(
                actor: account.actor, action: "staff.sign_in", subject: account.actor, outcome: "denied", requestId: requestId, details: details)], in: tx)
            return account
        }
    }

    /// Records a successful sign-in: failures reset, time noted. Audited (`staff.sign_in`).
    public func recordSuccess(id: String, requestId: String? = nil) async throws {
        let time = now()
        try await database.write { [audit] tx in
            try await tx.execute(SQL(
                "UPDATE staff_accounts SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = ?, updated_at = ? WHERE id = ?",
                [.integer(time), .integer(time), .text(id)]))
            try await audit.append([AuditEvent(actor: StaffAccount.actor(id), action: "staff.sign_in", subject: StaffAccount.actor(id), requestId: requestId)], in: tx)
        }
    }

    /// Replaces the password (the one-time one included) and clears the must-change flag.
    /// Audited (`staff.password_change`). False when there is no such account.
    public func setPassword(id: String, hash: String, actor: String, requestId: String? = nil) async throws -> Bool {
        let time = now()
        return try await database.write { [audit] tx -> Bool in
            guard try await tx.first(SQL("SELECT id FROM staff_accounts WHERE id = ?", [.text(id)])) != nil else { return false }
            try await tx.execute(SQL(
                "UPDATE staff_accounts SET password_hash = ?, must_change_password = 0, updated_at = ? WHERE id = ?",
                [.text(hash), .integer(time), .text(id)]))
            try await audit.append([AuditEvent(actor: actor, action: "staff.password_change", subject: StaffAccount.actor(id), requestId: requestId)], in: tx)
            return true
        }
    }

    /// Disables or re-enables an account; disabling revokes its sessions. Audited
    /// (`staff.disable` / `staff.enable`). Nil when there is no such account.
    public func setDisabled(id: String, _ disabled: Bool, actor: String, requestId: String? = nil) async throws -> StaffAccount? {
        let time = now()
        return try await database.write { [audit] tx -> StaffAccount? in
            guard var account = try await tx.first(SQL("SELECT * FROM staff_accounts WHERE id = ?", [.text(id)])).map(Self.account) else { return nil }
            guard account.isDisabled != disabled else { return account }
            account.disabledAt = disabled ? time : nil
            try await tx.execute(SQL("UPDATE staff_accounts SET disabled_at = ?, updated_at = ? WHERE id = ?", [account.disabledAt.sqlValue, .integer(time), .text(id)]))
            if disabled {
                try await tx.execute(SQL("UPDATE staff_sessions SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL", [.integer(time), .text(id)]))
            }
            try await audit.append([AuditEvent(
                actor: actor, action: disabled ? "staff.disable" : "staff.enable", subject: account.actor, requestId: requestId)], in: tx)
            return account
        }
    }

    static func account(_ row: SQLRow) throws -> StaffAccount {
        let role = try row.text("role")
        guard let parsed = StaffRole(rawValue: role) else { throw StoreError.corrupt("unknown staff role") }
        return StaffAccount(
            id: try row.text("id"), role: parsed, mustChangePassword: try row.int("must_change_password") != 0,
            failedAttempts: Int(try row.int("failed_attempts")), lockedUntil: try row.optionalInt("locked_until"),
            createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"), lastSignInAt: try row.optionalInt("last_sign_in_at"),
            disabledAt: try row.optionalInt("disabled_at"))
    }
}
