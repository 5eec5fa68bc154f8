import CustodianCore
import CustodianStore

/// Mints the ``Access`` that opens what people and visitors sent customer service, through the
/// purpose gate, so that these reads take the same path as every other read of personal data.
///
/// A person's data is asked about through their consent (``ConsentService``). A visitor has no
/// account and no consent record: the message or response they sent is itself the relationship
/// the use-of-service basis rests on, for as long as it is kept, so the gate is asked as for an
/// account holder with no recorded choices. The access is for the item's own key subject
/// (`contact:<id>`, `survey-response:<id>`) and opens that item alone. A purpose the policy does
/// not declare, or whose categories it does not allow, is still refused.
struct CustomerServiceGate: Sendable {
    let consent: ConsentService
    let audit: AuditLog

    /// An access to `keySubject` (a person's id when `person` is set) for `purpose` and
    /// `categories`; denials are audited (`gate.deny`).
    func authorize(
        person: String?, keySubject: String, purpose: String, categories: [String], actor: String, requestId: String
    ) async throws -> Result<Access, Decision> {
        if let person {
            return try await consent.authorize(person: person, purpose: purpose, categories: categories, actor: actor, requestId: requestId)
        }
        let result = consent.gate.authorize(
            subject: keySubject, consent: [:], purpose: purpose, categories: categories, signals: .none, hasAccount: true)
        if case .failure(let decision) = result {
            try await audit.record(AuditEvent(
                actor: actor, action: "gate.deny", subject: keySubject, purpose: purpose, categories: categories, outcome: "denied",
                requestId: requestId, details: ["reason": decision.reason.code.rawValue]))
        }
        return result
    }

    /// As ``authorize(person:keySubject:purpose:categories:actor:requestId:)``, a denial thrown as 403.
    func require(
        person: String?, keySubject: String, purpose: String, categories: [String], actor: String, requestId: String
    ) async throws -> Access {
        switch try await authorize(person: person, keySubject: keySubject, purpose: purpose, categories: categories, actor: actor, requestId: requestId) {
        case .success(let access): return access
        case .failure(let decision): throw AppError.purposeDenied(purpose: purpose, decision)
        }
    }
}
