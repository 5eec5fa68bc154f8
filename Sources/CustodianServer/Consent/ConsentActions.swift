import CustodianCore
import CustodianStore
import Foundation

/// What the consent endpoints do, for a person given by id: the service-side routes call it with
/// the id in the path, the person-facing `/v1/people/me/…` routes will call it with the id of the
/// session's person (see docs/policy-and-consent.md).
struct ConsentActions: Sendable {
    let consent: ConsentService
    let acceptances: PolicyAcceptances

    /// The current state of every purpose and the full history of `person`.
    func list(person: String) async throws -> ConsentViews.Consents {
        let snapshot = try await consent.snapshot(of: person)
        guard snapshot.exists else { throw ConsentError.unknownPerson }
        let policy = consent.policy
        let purposes = policy.purposes.map { purpose in
            ConsentViews.PurposeState(
                purpose: purpose, consent: snapshot.states[purpose.key] ?? .policyDefault(for: purpose))
        }
        return ConsentViews.Consents(
            person: person, policyVersion: consent.policyVersion,
            policyAccepted: try await acceptances.hasAccepted(person, version: consent.policyVersion),
            purposes: purposes, history: try await consent.history(of: person).map(ConsentViews.Entry.init))
    }

    /// Records a choice for `purpose`; `state` is the raw text sent.
    func set(
        person: String, purpose: String, state rawState: String, source: ConsentSource, evidence: [String: String],
        actor: String, requestId: String
    ) async throws -> ConsentViews.PurposeState {
        guard let state = ConsentState(rawValue: rawState) else {
            throw AppError.validation(field: "state", code: "invalid_state", message: "Send \"granted\" or \"denied\".")
        }
        let change = try await consent.record(
            person: person, purpose: purpose, state: state, source: source, evidence: evidence, actor: actor, requestId: requestId)
        guard let declared = consent.policy.purpose(purpose) else { throw ConsentError.unknownPurpose(purpose) }
        return ConsentViews.PurposeState(purpose: declared, consent: change.state)
    }

    /// Records `person`'s acceptance of the current version.
    /// - Returns: the acceptance and whether it was new.
    func accept(
        person: String, version: String, channel: String, ipTruncated: String?, userAgentFamily: String?,
        evidence: [String: String], actor: String, requestId: String
    ) async throws -> (ConsentViews.Acceptance, Bool) {
        guard version == consent.policyVersion else {
            throw AppError.validation(
                field: "policyVersion", code: "not_current_version",
                message: "Only the current version (\(consent.policyVersion)) can be accepted.")
        }
        guard try await consent.snapshot(of: person).exists else { throw ConsentError.unknownPerson }
        let (stored, isNew) = try await acceptances.record(
            PolicyAcceptance(
                personId: person, policyVersion: version, acceptedAt: consent.now(), channel: channel,
                ipTruncated: ipTruncated, userAgentFamily: userAgentFamily, evidence: evidence),
            actor: actor, requestId: requestId)
        let view = ConsentViews.Acceptance(
            person: person, policyVersion: stored.policyVersion,
            acceptedAt: Date(timeIntervalSince1970: Double(stored.acceptedAt) / 1000), channel: stored.channel,
            ipTruncated: stored.ipTruncated, userAgentFamily: stored.userAgentFamily)
        return (view, isNew)
    }
}
