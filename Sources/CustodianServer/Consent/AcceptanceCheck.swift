import CustodianStore
import HTTPTypes
import Hummingbird

/// The check every person-facing call (once sessions exist) makes first: has this person accepted
/// the current policy version? If not, `428 policy_acceptance_required` with the version to accept.
///
/// Exempt by design: accepting itself, reading and changing consents, export and erasure, so
/// that nobody has to accept a policy to withdraw consent or exercise their rights.
struct AcceptanceCheck: Sendable {
    let acceptances: PolicyAcceptances
    /// The current policy version.
    let version: String

    /// Throws the 428 error when `person` has not accepted the current version.
    func require(_ person: String) async throws {
        guard try await acceptances.hasAccepted(person, version: version) else {
            throw Self.required(version: version)
        }
    }

    /// The 428 answer; the version is in the message and in the `Custodian-Policy-Version` header.
    static func required(version: String) -> AppError {
        AppError(
            .preconditionRequired, code: "policy_acceptance_required",
            message: "The privacy policy has changed. Read it at /privacy/versions/\(version) and accept version \(version) with POST /v1/people/me/acceptances {\"policyVersion\": \"\(version)\"} to go on.",
            headers: [.custodianPolicyVersion: version, .link: "</privacy/versions/\(version)>; rel=\"terms-of-service\""])
    }
}

extension HTTPField.Name {
    /// The version of the policy a 428 asks the caller to accept.
    static let custodianPolicyVersion = Self("Custodian-Policy-Version")!
    static let link = Self("Link")!
}
