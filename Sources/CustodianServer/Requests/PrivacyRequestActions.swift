import CustodianCore
import CustodianStore
import Foundation

/// What filing, verifying, following and handling privacy requests does, shared by the JSON API
/// (``PrivacyRequestsController``), the request pages and the staff console. Failures are
/// ``AppError``s.
///
/// An address that belongs to nobody gets the same answers as one that belongs to a person: the
/// same 202 with a token, the same code form, the same `invalid_code` for a wrong code. Only a
/// registered address is sent a code (the outbox writes to people's registered addresses), so
/// only its owner can take the request further; the requester learns nothing from the answers.
struct PrivacyRequestActions: Sendable {
    let requests: PrivacyRequestStore
    let people: PersonVault
    let erasure: PeopleActions
    let exports: PrivacyRequestExports
    let consent: ConsentService
    let mailer: Mailer
    let validation: @Sendable () -> ProfileValidation
    /// Days until a request is due (`CUSTODIAN_REQUEST_DEADLINE_DAYS`).
    let deadlineDays: Int
    /// Filings: 5 an hour per network; code resends: 5 an hour per request.
    var filingLimiter = SubmissionLimiter(limit: 5, window: .seconds(3_600))
    var codeLimiter = SubmissionLimiter(limit: 5, window: .seconds(3_600))

    /// A request as sent: every field optional so that validation names each problem.
    struct Submission: Decodable, Sendable {
        var kind: String?
        var email: String?
        var details: String?
        var purpose: String?
    }

    static let detailsRules = FreeTextRules(maximumLength: 5_000, multiline: true)

    /// Validates, rate-limits and files a request from someone not signed in; the code goes to
    /// the address when it is a registered person's.
    func file(_ submission: Submission, remoteIP: String?, channel: String, actor: String, requestId: String) async throws -> PrivacyRequestStore.Filed {
        var problems: [FieldProblem] = []
        let kind = Self.kind(submission.kind, problems: &problems)
        var check = validation()
        check.email(submission.email, required: true)
        problems += check.problems.map { FieldProblem(field: $0.field, code: $0.code, message: $0.message) }
        let email = check.attributes.first { $0.field == ProfileFields.email }?.value
        let lookup = check.lookups.first { $0.kind == "email" }?.value
        let (details, purpose) = checkDetails(submission, kind: kind, problems: &problems)
        guard problems.isEmpty, let kind, let email, let lookup else { throw AppError.validation(problems: problems) }
        if let wait = filingLimiter.admit(SubmissionLimiter.visitorKey(remoteIP: remoteIP)) { throw AppError.tooManyRequests(retryAfterSeconds: wait) }
        let filed = try await requests.create(
            PrivacyRequestDraft(kind: kind, channel: channel, email: email, emailLookup: lookup, details: details, purpose: purpose, deadlineDays: deadlineDays),
            actor: actor, requestId: requestId)
        if let code = filed.code { try await sendCode(code, request: filed.summary, lookup: lookup, expiresAt: filed.codeExpiresAt, requestId: requestId) }
        return filed
    }

    /// Files a request for a signed-in person: their identity is known, so it starts `pending`.
    func file(_ submission: Submission, person: String, actor: String, requestId: String) async throws -> PrivacyRequestStore.Filed {
        var problems: [FieldProblem] = []
        let kind = Self.kind(submission.kind, problems: &problems)
        let (details, purpose) = checkDetails(submission, kind: kind, problems: &problems)
        guard problems.isEmpty, let kind else { throw AppError.validation(problems: problems) }
        let profile = try await people.attributes(of: person, access: consent.gate.subjectAccess(subject: person))
        guard let email = profile.first(where: { $0.field == ProfileFields.email })?.value,
              case .success(let address) = EmailValidator().validate(email)
        else { throw AppError.sessionRequired }
        return try await requests.create(
            PrivacyRequestDraft(
                kind: kind, channel: "account", email: email, emailLookup: address.lookupKey, details: details, purpose: purpose, verifiedPerson: person,
                deadlineDays: deadlineDays),
            actor: actor, requestId: requestId)
    }

    /// The request `id` when `token` is its status token; one 404 for an unknown id and a wrong token.
    func follow(_ id: String, token: String?) async throws -> PrivacyRequestSummary {
        guard let token, let summary = try await requests.summary(id, token: token) else { throw AppError.privacyRequestNotFound }
        return summary
    }

    /// Checks the emailed code; a right one moves the request to `pending`, attached to the
    /// address's owner when there is one.
    func verify(_ id: String, token: String?, code: String?, requestId: String) async throws -> PrivacyRequestSummary {
        let summary = try await follow(id, token: token)
        guard let code, !code.isEmpty else { throw AppError.validation(field: "code", code: "required", message: "Enter the code we emailed you.") }
        guard code.utf8.count <= 32 else { throw AppError.invalidRequestCode }
        let owner = try await owner(of: summary)
        switch try await requests.verify(id, code: code, person: owner, actor: summary.keySubject, requestId: requestId) {
        case .verified(let verified): return verified
        case .wrong, .invalid: throw AppError.invalidRequestCode
        }
    }

    /// Sends a fresh code (the old one stops working). A request whose address is nobody's gets
    /// a code that is never sent, so the answer is the same.
    func resendCode(_ id: String, token: String?, requestId: String) async throws -> Int64 {
        let summary = try await follow(id, token: token)
        if let wait = codeLimiter.admit("request:\(id)") { throw AppError.tooManyRequests(retryAfterSeconds: wait) }
        do {
            let (code, expiresAt) = try await requests.renewCode(id, actor: summary.keySubject, requestId: requestId)
            if let owner = try await owner(of: summary) {
                try await queueCode(code, request: summary, person: owner, expiresAt: expiresAt, requestId: requestId)
            } else {
                try await recordUnsent(summary, requestId: requestId)
            }
            return expiresAt
        } catch let error as PrivacyRequestError {
            throw AppError(error)
        }
    }

    /// The export of a completed access request, for its requester (audited as a download).
    func download(_ id: String, token: String?, requestId: String) async throws -> [UInt8] {
        let summary = try await follow(id, token: token)
        guard summary.kind == .access, summary.status == .complete, let person = summary.personId,
              let bytes = try await requests.result(id, access: consent.gate.subjectAccess(subject: person))
        else { throw AppError.notFound("There is no export waiting for this request.") }
        try await exports.recordDownload(summary, requestId: requestId)
        return bytes
    }

    // MARK: - helpers

    static func kind(_ raw: String?, problems: inout [FieldProblem]) -> PrivacyRequestKind? {
        let choices = PrivacyRequestKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let raw else {
            problems.append(FieldProblem(field: "kind", code: "required", message: "Choose what you are asking for: \(choices)."))
            return nil
        }
        guard let kind = PrivacyRequestKind(rawValue: raw) else {
            problems.append(FieldProblem(field: "kind", code: "invalid_choice", message: "Choose one of: \(choices)."))
            return nil
        }
        return kind
    }

    /// The details (required for corrections: what to correct) and an objection's purpose (a declared, optional one).
    func checkDetails(_ submission: Submission, kind: PrivacyRequestKind?, problems: inout [FieldProblem]) -> (String?, String?) {
        var details: String?
        if let given = submission.details, !given.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            switch Self.detailsRules.check(given, field: "details") {
            case .success(let text): details = text
            case .failure(let problem): problems.append(problem)
            }
        } else if kind == .correction {
            problems.append(FieldProblem(field: "details", code: "required", message: "Say what is wrong and what it should be."))
        }
        var purpose: String?
        if let given = submission.purpose, !given.isEmpty {
            if kind != .objection {
                problems.append(FieldProblem(field: "purpose", code: "not_allowed", message: "Only an objection names a purpose."))
            } else if let declared = consent.policy.purpose(given), declared.basis != .byUse {
                purpose = declared.key
            } else {
                let choices = consent.policy.purposes.filter { $0.basis != .byUse }.map(\.key).joined(separator: ", ")
                problems.append(FieldProblem(field: "purpose", code: "invalid_choice", message: "Choose a use you can object to: \(choices)."))
            }
        }
        return (details, purpose)
    }

    /// The person the request's address belongs to, if any (opened through the request's own access).
    func owner(of summary: PrivacyRequestSummary) async throws -> String? {
        if let person = summary.personId { return person }
        guard let contact = try await requests.contact(summary.id, access: consent.gate.subjectAccess(subject: summary.keySubject)),
              let email = contact.email, case .success(let address) = EmailValidator().validate(email)
        else { return nil }
        return try await people.find(LookupKey(kind: "email", value: address.lookupKey))
    }

    private func sendCode(_ code: String, request: PrivacyRequestSummary, lookup: String, expiresAt: Int64?, requestId: String) async throws {
        guard let person = try await people.find(LookupKey(kind: "email", value: lookup)) else {
            return try await recordUnsent(request, requestId: requestId)
        }
        try await queueCode(code, request: request, person: person, expiresAt: expiresAt, requestId: requestId)
    }

    /// Records, for staff, that a code was not sent because the address is nobody's. It is also
    /// one committed write, as queuing the email is, so both paths cost about the same.
    private func recordUnsent(_ request: PrivacyRequestSummary, requestId: String) async throws {
        try await exports.audit.record(AuditEvent(
            actor: request.keySubject, action: "privacy_request.code_unsent", subject: request.keySubject, requestId: requestId,
            details: ["request": request.id, "reason": "no_account"]))
    }

    private func queueCode(_ code: String, request: PrivacyRequestSummary, person: String, expiresAt: Int64?, requestId: String) async throws {
        try await mailer.queue(
            OutboxDraft(
                kind: .privacyRequestCode, personId: person, purpose: MessagePurposes.transactional,
                payload: ["code": code, "request": request.id, "kind": request.kind.rawValue], expiresAt: expiresAt),
            actor: request.keySubject, requestId: requestId)
    }
}

extension AppError {
    /// One answer for an unknown request and a wrong status token.
    static let privacyRequestNotFound = AppError.notFound("There is no request with this id and token.")

    /// A code that is wrong, expired, used up, or for a request verified already.
    static let invalidRequestCode = AppError.validation(
        field: "code", code: "invalid_code", message: "The code is not right, or it has expired. Ask for a new code if you need one.")

    init(_ error: PrivacyRequestError) {
        switch error {
        case .notFound: self = .privacyRequestNotFound
        case .invalidTransition(let from, let to):
            self = AppError(
                .conflict, code: "invalid_transition",
                message: "A request that is \(from.rawValue) cannot become \(to.rawValue).")
        case .tooManyCodes:
            self = AppError(.tooManyRequests, code: "too_many_codes", message: "This request has had as many codes as it may; file a new request.")
        }
    }
}
