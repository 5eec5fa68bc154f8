import CustodianCore
import Hummingbird

/// The answers of the partner API that are not plain validation.
extension AppError {
    /// The key is not bound to a registered partner.
    static let notAPartner = AppError(
        .forbidden, code: "not_a_partner", message: "This API key does not act for a registered partner; an administrator issues partner keys.")

    static let partnerDisabled = AppError(.forbidden, code: "partner_disabled", message: "This partner is disabled.")

    /// The one answer for a person a partner may not be told about, whether or not they exist.
    static let personNotFound = AppError(.notFound, code: "person_not_found", message: "No person matches this reference.")

    static let partnerNotFound = AppError.notFound("There is no partner with this id.")
    static let deliveryNotFound = AppError.notFound("There is no webhook delivery with this id.")
    static let outOfScopeRecordNotFound = AppError.notFound("There is no out-of-scope record with this id.")

    /// The policy does not list the partner as a source of a category it sent.
    static func sourceNotAllowed(partner: String, recipient: String, category: String) -> AppError {
        AppError(
            .forbidden, code: "source_not_allowed",
            message: "The policy does not list '\(recipient)' as a source of '\(category)', or partner '\(partner)' is not registered for it.")
    }

    /// No basis for receiving `category` holds for this person.
    static func basisNotMet(category: String, _ refusal: InboundRefusal) -> AppError {
        let about = refusal.purpose.map { " (purpose '\($0)')" } ?? ""
        return AppError(
            .forbidden, code: "basis_not_met",
            message: "No basis the policy gives for receiving '\(category)' holds for this person\(about): \(refusal.message) (\(refusal.code)).")
    }

    /// The partner is not registered for the purpose asked (or for any).
    static func purposeNotRegistered(_ purpose: String?) -> AppError {
        AppError(
            .forbidden, code: "purpose_not_registered",
            message: purpose.map { "This partner is not registered for the purpose '\($0)'." }
                ?? "This partner is registered for no purpose that discloses personal data to it.")
    }
}
