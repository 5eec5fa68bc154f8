import Foundation
import CustodianCore
import CustodianStore

/// Console sign-in: bcrypt on the thread pool, a lock after repeated failures (kept in the
/// database, so every node sees it), one answer for every refusal, every attempt audited.
struct StaffSignIn: Sendable {
    let staff: StaffStore
    let sessions: StaffSessionStore
    let hasher: PasswordHasher
    let audit: AuditLog
    /// The store's clock (locks are compared with it).
    let clock: @Sendable () -> Int64
    var rules = StaffSignInRules()
    /// How long a console session lasts (a working day).
    var sessionLifetimeMillis: Int64 = 12 * 3_600_000

    enum Failure: Error, Equatable {
        /// Unknown address, wrong password, disabled or locked account: told apart only in the audit log.
        case refused
    }

    struct Success: Sendable {
        var token: String
        var account: StaffAccount
    }

    /// The lookup form of an address: what `custodian admin create` and sign-in index it by.
    static func lookupKey(email: String) -> String {
        (try? EmailValidator().validate(email).get())?.lookupKey ?? email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    func signIn(email: String, password: String, requestId: String) async throws -> Success {
        let now = clock()
        guard let credential = try await staff.credential(emailLookup: Self.lookupKey(email: email)) else {
            // As long as a wrong password takes, so an unknown address cannot be told apart.
            _ = try await hasher.verify(password, against: nil)
            try await audit.record(AuditEvent(
                actor: "anonymous", action: "staff.sign_in", outcome: "denied", requestId: requestId, details: ["reason": "unknown_account"]))
            throw Failure.refused
        }
        let account = credential.account
        if account.isDisabled || rules.isLocked(lockedUntil: account.lockedUntil, now: now) {
            _ = try await hasher.verify(password, against: nil)
            try await audit.record(AuditEvent(
                actor: account.actor, action: "staff.sign_in", subject: account.actor, outcome: "denied", requestId: requestId,
                details: ["reason": account.isDisabled ? "disabled" : "locked"]))
            throw Failure.refused
        }
        guard try await hasher.verify(password, against: credential.passwordHash) else {
            try await staff.recordFailure(id: account.id, reason: "wrong_password", rules: rules, requestId: requestId)
            throw Failure.refused
        }
        try await staff.recordSuccess(id: account.id, requestId: requestId)
        let opened = try await sessions.create(staff: account.id, lifetimeMillis: sessionLifetimeMillis)
        return Success(token: opened.token, account: account)
    }

    enum PasswordProblem: Error, Equatable {
        case wrongCurrent
        case weak(String)
        case mismatch
    }

    /// Replaces the password after checking the current one (the one-time password the first
    /// time); ends the account's other sessions. Audited (`staff.password_change`).
    func changePassword(
        _ signedIn: StaffSignedIn, current: String, new: String, confirmation: String, requestId: String
    ) async throws -> Result<Void, PasswordProblem> {
        guard let credential = try await staff.credential(id: signedIn.account.id),
              try await hasher.verify(current, against: credential.passwordHash)
        else {
            try await audit.record(AuditEvent(
                actor: signedIn.account.actor, action: "staff.password_change", subject: signedIn.account.actor, outcome: "denied",
                requestId: requestId, details: ["reason": "wrong_password"]))
            return .failure(.wrongCurrent)
        }
        let email = try await staff.email(of: signedIn.account.id)
        if let problem = rules.problem(newPassword: new, email: email) { return .failure(.weak(problem)) }
        guard new == confirmation else { return .failure(.mismatch) }
        if try await hasher.verify(new, against: credential.passwordHash) {
            return .failure(.weak("Choose a password different from the current one."))
        }
        let hash = try await hasher.hash(new)
        _ = try await staff.setPassword(id: signedIn.account.id, hash: hash, actor: signedIn.account.actor, requestId: requestId)
        try await sessions.revokeAll(staff: signedIn.account.id, keeping: signedIn.session.id)
        return .success(())
    }
}
