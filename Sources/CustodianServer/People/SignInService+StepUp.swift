import CustodianCore
import CustodianStore
import Foundation
import HTTPTypes
import Hummingbird

/// Step-up sign-in: when the risk score asks for it, no session is opened; a one-time code goes
/// to the person's email, and `POST /v1/sessions/verify` (or the sign-in page's code form) opens
/// the session once the code is given. Every step is in the sign-in log.
extension SignInService {
    /// How long a code works.
    static let stepUpLifetimeMillis: Int64 = 10 * 60_000
    static var stepUpMinutes: Int { Int(stepUpLifetimeMillis / 60_000) }

    /// Stores the challenge with the digest of a fresh code, queues the code's email, records
    /// the step-up. Without mail nothing can be sent, so the sign-in is refused, saying why.
    func stepUp(_ challenge: SignInChallenge, requestId: String?) async throws -> StepUp {
        func log(_ outcome: String) async throws {
            try await signIns.record(.init(
                personId: challenge.personId, addressKey: challenge.addressKey, outcome: outcome, assessment: challenge.assessment,
                software: challenge.software, network: challenge.network, country: challenge.country, location: challenge.location))
        }
        guard mailer.isConfigured else {
            try await log("step_up_unavailable")
            throw AppError.mailNotConfigured
        }
        let code = OneTimeCode.generate()
        try await challenges.create(challenge, codeDigest: try await challenges.codes().digest(code, challenge: challenge.id))
        try await mailer.queue(
            OutboxDraft(
                kind: .stepUpCode, personId: challenge.personId, purpose: MessagePurposes.transactional, payload: ["code": code],
                expiresAt: challenge.expiresAt),
            actor: "person:\(challenge.personId)", requestId: requestId)
        try await log("step_up")
        return StepUp(challenge: challenge.id, expiresAt: challenge.expiresAt, assessment: challenge.assessment)
    }

    /// A code given for a challenge, with the request it came on.
    struct CodeAttempt: Sendable {
        var challenge: String
        var code: String
        var remoteIP: String?
        var userAgent: String?
        var channel: String
        var anonymousId: String? = nil
        var deviceId: String? = nil
        var service: String? = nil
    }

    /// Opens the session of a challenge whose code is right. Wrong codes count as sign-in failures
    /// (of the account and of the address), so guessing runs into the same lock as passwords.
    func verify(_ attempt: CodeAttempt) async throws -> Success {
        let index = try await keyring.blindIndex()
        let addressKey = Self.addressKey(attempt.remoteIP, index: index)
        let failures = try await signIns.recentFailures(addressKey: addressKey, person: nil, windowMillis: throttle.windowMillis)
        guard !throttle.isLocked(accountFailures: 0, addressFailures: failures.address), attempt.challenge.utf8.count <= 64 else {
            throw AppError.invalidCode
        }
        switch try await challenges.verify(attempt.challenge, code: attempt.code) {
        case .verified(let challenge):
            // Recorded as a success with the assessment that asked for the code: from now on this
            // device and network are part of the person's habits.
            try await signIns.record(.init(
                personId: challenge.personId, addressKey: challenge.addressKey, outcome: "success", assessment: challenge.assessment,
                software: challenge.software, network: challenge.network, country: challenge.country, location: challenge.location))
            let opening = Attempt(
                email: "", password: "", remoteIP: attempt.remoteIP, userAgent: attempt.userAgent, channel: attempt.channel,
                anonymousId: attempt.anonymousId, deviceId: attempt.deviceId, service: attempt.service)
            return try await open(
                person: challenge.personId, assessment: challenge.assessment, attempt: opening, software: challenge.software, network: challenge.network)
        case .wrong(let person):
            try await signIns.record(.init(personId: person, addressKey: addressKey, outcome: "step_up_failed", assessment: nil, software: nil, network: nil, country: nil))
            throw AppError.invalidCode
        case .invalid:
            try await signIns.record(.init(personId: nil, addressKey: addressKey, outcome: "step_up_failed", assessment: nil, software: nil, network: nil, country: nil))
            throw AppError.invalidCode
        }
    }

    /// The keyed digest an address is kept as: comparable across attempts, not readable.
    static func addressKey(_ remoteIP: String?, index: BlindIndex) -> String {
        Hex.encode(index.digest(kind: "sign-in-address", value: remoteIP ?? "unknown").prefix(16))
    }
}

extension AppError {
    /// The sign-in needs the code emailed to the person: the challenge is in `Custodian-Challenge`.
    static func stepUpRequired(_ stepUp: SignInService.StepUp) -> AppError {
        AppError(
            .unauthorized, code: "step_up_required",
            message: "This sign-in needs the one-time code we emailed to you. Send it with POST /v1/sessions/verify {\"challenge\": \"\(stepUp.challenge)\", \"code\": \"…\"} within \(SignInService.stepUpMinutes) minutes.",
            headers: [.custodianChallenge: stepUp.challenge, .wwwAuthenticate: "Custodian-Step-Up challenge=\"\(stepUp.challenge)\""])
    }

    /// A code that is wrong, expired, used, or for a challenge that does not exist: one answer for all.
    static let invalidCode = AppError(
        .unauthorized, code: "invalid_code", message: "The code is not right, or it has expired. Sign in again for a new code.")

    /// Something needs email and no mail server is configured.
    static let mailNotConfigured = AppError(
        .serviceUnavailable, code: "mail_not_configured",
        message: "This needs an email to be sent, and this installation has no mail server configured (CUSTODIAN_SMTP_URL).")
}

extension HTTPField.Name {
    /// The step-up challenge a 401 `step_up_required` asks the caller to answer.
    static let custodianChallenge = Self("Custodian-Challenge")!
}
