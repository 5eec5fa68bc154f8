import CustodianCore
import CustodianStore

/// The partner an API key acts for: 403 when the key is not bound to one or it is disabled.
struct PartnerCaller: Sendable {
    let registry: PartnerRegistry

    func partner(_ key: APIKey?) async throws -> Partner {
        guard let key else { throw AppError.unauthenticated }
        guard let id = key.partnerId, let partner = try await registry.find(id: id) else { throw AppError.notAPartner }
        guard partner.status == .active else { throw AppError.partnerDisabled }
        return partner
    }
}

/// How a partner names a person: a reference issued to it, or an email address or phone number
/// matched through the blind index (never stored from the request).
enum PersonIdentifier: Sendable {
    case ref(String)
    case email(String)
    case phone(String)

    /// A person as sent: exactly one of the three.
    struct Given: Decodable, Sendable {
        var email: String?
        var phone: String?
        var ref: String?
    }

    /// Validates `given` (at `field`), collecting problems.
    static func parse(_ given: Given?, field: String, defaultRegion: String, _ problems: inout [FieldProblem]) -> PersonIdentifier? {
        guard let given else {
            problems.append(FieldProblem(field: field, code: "required", message: "Identify the person by email, phone or ref."))
            return nil
        }
        let count = [given.email, given.phone, given.ref].compactMap { $0 }.count
        guard count == 1 else {
            problems.append(FieldProblem(
                field: field, code: count == 0 ? "required" : "ambiguous", message: "Identify the person by exactly one of email, phone or ref."))
            return nil
        }
        if let ref = given.ref {
            guard PartnerReference.isWellFormed(ref) else {
                problems.append(FieldProblem(field: "\(field).ref", code: "invalid_format", message: "A reference looks like pr_ and 22 characters."))
                return nil
            }
            return .ref(ref)
        }
        if let email = given.email {
            switch EmailValidator().validate(email) {
            case .success(let address): return .email(address.lookupKey)
            case .failure(let error):
                problems.append(FieldProblem(field: "\(field).email", code: error.code.rawValue, message: error.message))
                return nil
            }
        }
        switch PhoneNumberParser(defaultRegion: defaultRegion).parse(given.phone ?? "") {
        case .success(let number): return .phone(number.e164)
        case .failure(let error):
            problems.append(FieldProblem(field: "\(field).phone", code: error.code.rawValue, message: error.message))
            return nil
        }
    }

    /// The lookup key of an email or phone identifier.
    var lookup: LookupKey? {
        switch self {
        case .ref: nil
        case .email(let value): LookupKey(kind: "email", value: value)
        case .phone(let value): LookupKey(kind: "phone", value: value)
        }
    }
}
