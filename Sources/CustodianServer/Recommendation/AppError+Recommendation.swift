import CustodianCore
import CustodianStore
import Hummingbird

/// The answers of the catalogue, recommendation and profile routes that are not plain validation.
extension AppError {
    static let itemNotFound = AppError(.notFound, code: "item_not_found", message: "There is no catalogue item with this id.")

    static let modelLoading = AppError(
        .serviceUnavailable, code: "recommendations_loading",
        message: "The recommendation model is being built from the store; try again shortly.", headers: [.retryAfter: "1"])

    static let serviceKeyRequired = AppError(
        .forbidden, code: "service_key_required",
        message: "This key belongs to no platform service; a service's view needs a key made with --service (or POST /v1/admin/api-keys with a service).")

    static func from(_ error: CatalogError) -> AppError {
        switch error {
        case .idTaken: .validation(field: "id", code: "taken", message: "Another item has this id.")
        case .urlTaken: .validation(field: "url", code: "taken", message: "Another item has this URL (compared without query, fragment or trailing slash).")
        case .unknownService: unknownService
        case .notFound: itemNotFound
        }
    }

    static let unknownService = AppError.validation(field: "service", code: "unknown_service", message: "Give the id of a registered platform service.")
}
