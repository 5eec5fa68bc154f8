import CustodianCore
import CustodianStore
import Foundation

/// Staff's side of privacy requests: the queue with deadlines, one request with its history,
/// and the transitions — where completing a request does its work (the export, the erasure,
/// the objection recorded in the consent ledger).
extension PrivacyRequestActions {
    /// A step staff take on a request.
    enum StaffAction: String, Sendable, CaseIterable {
        case approve, deny, start, complete

        var status: PrivacyRequestStatus {
            switch self {
            case .approve: .approved
            case .deny: .denied
            case .start: .inProgress
            case .complete: .complete
            }
        }
    }

    /// A request as staff see it: the summary, what the requester wrote (never their address:
    /// replies go through the request's code email and status page), and the history.
    struct StaffView: Sendable {
        var summary: PrivacyRequestSummary
        var details: String?
        var history: [PrivacyRequestEvent]
    }

    /// The queue, soonest due first, optionally of one status.
    func queue(status: PrivacyRequestStatus?, limit: Int) async throws -> [PrivacyRequestSummary] {
        try await requests.list(status: status, limit: limit)
    }

    /// One request with its details and history, opened through the request's own access; the
    /// read is audited (`privacy_request.read`).
    func show(_ id: String, actor: String, requestId: String) async throws -> StaffView {
        guard let summary = try await requests.summary(id) else { throw AppError.privacyRequestNotFound }
        let access = consent.gate.subjectAccess(subject: summary.keySubject)
        let contact = try await requests.contact(id, access: access)
        let history = try await requests.history(id, access: access)
        try await exports.audit.record(AuditEvent(
            actor: actor, action: "privacy_request.read", subject: summary.personId ?? summary.keySubject, requestId: requestId,
            details: ["request": id]))
        return StaffView(summary: summary, details: contact?.details, history: history)
    }

    /// Takes `action` on request `id` with `note`. Completing does the request's work first:
    /// - access: the person's export, kept sealed for the requester (`exported`);
    /// - erasure: the same crypto-shredding as `DELETE /v1/people/me` (`erased`), then the
    ///   request's own copy of the address and details is shredded too;
    /// - objection naming a purpose: the purpose denied in the consent ledger, source `admin`,
    ///   with the request id as evidence (`consent_denied`);
    /// - correction, or an objection without a purpose: staff apply it and it is `recorded`.
    /// A request whose address matched nobody completes with `no_data`.
    /// - Throws: 409 `invalid_transition` when the request's status does not allow the step.
    func act(_ id: String, action: StaffAction, note: String?, actor: String, requestId: String) async throws -> PrivacyRequestSummary {
        guard let summary = try await requests.summary(id) else { throw AppError.privacyRequestNotFound }
        var cleanNote: String?
        if let note, !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            switch Self.detailsRules.check(note, field: "note") {
            case .success(let text): cleanNote = text
            case .failure(let problem): throw AppError.validation(problems: [problem])
            }
        }
        // Refused before any work is done, so an invalid step changes nothing.
        guard summary.status.isStaffStep(to: action.status) else {
            throw AppError(PrivacyRequestError.invalidTransition(from: summary.status, to: action.status))
        }
        let fulfilment = action == .complete ? try await fulfil(summary, actor: actor, requestId: requestId) : PrivacyRequestStore.Fulfilment()
        do {
            return try await requests.transition(id, to: action.status, note: cleanNote, fulfilment: fulfilment, actor: actor, requestId: requestId)
        } catch let error as PrivacyRequestError {
            throw AppError(error)
        }
    }

    private func fulfil(_ summary: PrivacyRequestSummary, actor: String, requestId: String) async throws -> PrivacyRequestStore.Fulfilment {
        let person: String? = if let id = summary.personId, try await people.exists(id) { id } else { nil }
        switch summary.kind {
        case .access:
            guard let person else { return .init(outcome: "no_data") }
            let bytes = try await exports.document(for: person, actor: actor, requestId: requestId)
            return .init(outcome: "exported", result: bytes, resultExpiresAt: consent.now() + PrivacyRequestExports.lifetimeMillis)
        case .erasure:
            guard let person else { return .init(outcome: "no_data", shredContact: true) }
            let erased = try await erasure.eraseVerified(person, actor: actor, requestId: requestId)
            return .init(outcome: erased ? "erased" : "no_data", shredContact: true)
        case .objection:
            guard let person else { return .init(outcome: "no_data") }
            guard let purpose = summary.purpose else { return .init(outcome: "recorded") }
            _ = try await consent.record(
                person: person, purpose: purpose, state: .denied, source: .admin, evidence: ["privacyRequest": summary.id], actor: actor,
                requestId: requestId)
            return .init(outcome: "consent_denied")
        case .correction:
            return .init(outcome: person == nil ? "no_data" : "recorded")
        }
    }
}
