import CustodianCore
import CustodianStore
import Foundation

/// What a partner is given about a person, read through the purpose gate: exactly the categories
/// its registration, the purpose and the recipient's `receives` allow, of the person's own data
/// (never what other partners sent), only while the purpose's basis holds. Pulls, look-ups and
/// pushed shares all take this one path.
struct PartnerDisclosure: Sendable {
    let consent: ConsentService
    let people: PersonVault

    /// The data disclosed.
    struct Disclosed: Sendable, Encodable {
        var ref: String
        var purpose: String
        var policyVersion: String
        /// The categories actually disclosed (those the person has a value for).
        var categories: [String]
        /// Values by category.
        var attributes: [String: String]
    }

    /// Why nothing was disclosed.
    enum Refusal: Error, Sendable {
        case notRegistered(String?)
        case ambiguousPurpose
        case denied(purpose: String, Decision)
    }

    /// The purpose a request is for: the one asked, which must be registered, or the only one.
    func purpose(asked: String?, partner: Partner) -> Result<String, Refusal> {
        if let asked {
            return partner.grant.purposes.contains(asked) ? .success(asked) : .failure(.notRegistered(asked))
        }
        switch partner.grant.purposes.count {
        case 0: return .failure(.notRegistered(nil))
        case 1: return .success(partner.grant.purposes[0])
        default: return .failure(.ambiguousPurpose)
        }
    }

    /// Reads what `partner` may be given about `person` for `purpose`; denials are audited by
    /// the gate. The caller records the share.
    func disclose(person: String, ref: String, partner: Partner, purpose: String, actor: String, requestId: String?) async throws -> Result<Disclosed, Refusal> {
        let categories = PartnerRules.shareable(grant: partner.grant, purpose: purpose, compiled: consent.gate.compiled)
        guard !categories.isEmpty else { return .failure(.notRegistered(purpose)) }
        let access: Access
        switch try await consent.authorize(person: person, purpose: purpose, categories: categories, actor: actor, requestId: requestId) {
        case .success(let granted): access = granted
        case .failure(let decision): return .failure(.denied(purpose: purpose, decision))
        }
        var values: [String: String] = [:]
        for attribute in try await people.attributes(of: person, access: access) where attribute.source == "provided" {
            values[attribute.category] = values[attribute.category] ?? attribute.value
        }
        return .success(Disclosed(
            ref: ref, purpose: purpose, policyVersion: consent.policyVersion, categories: values.keys.sorted(), attributes: values))
    }
}

extension PartnerDisclosure.Refusal {
    /// The refusal as the partner API answers it.
    var appError: AppError {
        switch self {
        case .notRegistered(let purpose): .purposeNotRegistered(purpose)
        case .ambiguousPurpose:
            .validation(field: "purpose", code: "required", message: "This partner is registered for several purposes: name one.")
        case .denied(let purpose, let decision): .purposeDenied(purpose: purpose, decision)
        }
    }
}
