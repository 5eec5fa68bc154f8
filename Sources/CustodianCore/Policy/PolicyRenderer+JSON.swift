#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PolicyRenderer {
    /// The machine form: the policy with snake_case keys in sorted order, plus its content hash and
    /// a Fides-style list of privacy declarations (one per purpose, with its fideslang keys).
    public static func json(_ policy: Policy) -> String {
        // Only strings, booleans and arrays are encoded, which cannot fail.
        guard let data = try? Policy.encoder(pretty: true).encode(MachinePolicy(policy: policy)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The policy as published at `/privacy.json`.
struct MachinePolicy: Encodable {
    let policy: Policy

    struct Declaration: Encodable {
        let name: String
        let dataUse: String
        let dataCategories: [String]
        let dataSubjects: [String]
        let legalBasis: LegalBasis
        let optOutSignals: Bool
        let recipients: [String]
    }

    enum Extra: String, CodingKey {
        case contentHash
        case privacyDeclarations
    }

    func encode(to encoder: Encoder) throws {
        try policy.encode(to: encoder)
        var container = encoder.container(keyedBy: Extra.self)
        try container.encode(policy.contentHash, forKey: .contentHash)
        let declarations = policy.purposes.map {
            Declaration(
                name: $0.title, dataUse: $0.key, dataCategories: $0.categories, dataSubjects: ["customer"],
                legalBasis: $0.basis, optOutSignals: $0.optOutSignals, recipients: $0.recipients)
        }
        try container.encode(declarations, forKey: .privacyDeclarations)
    }
}
