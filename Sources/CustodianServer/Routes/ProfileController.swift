import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// `GET /v1/people/{id}/profile?combined=true|false` (scope `people`, a service's key): the
/// person's attributes and activity as the calling service may see them (``ProfileActions``).
struct ProfileController {
    let actions: ProfileActions

    func addRoutes(to router: Router<AppRequestContext>) {
        router.group("v1/people/{id}").add(middleware: RequireScope(scope: .people)).get("profile", use: profile)
    }

    @Sendable func profile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.parameters.require("id")
        guard let service = context.apiKey?.serviceId else { throw AppError.serviceKeyRequired }
        let combined: Bool
        switch request.uri.queryParameters["combined"].map(String.init) {
        case nil, "false", "0": combined = false
        case "true", "1": combined = true
        default: throw AppError.validation(field: "combined", code: "invalid_choice", message: "Give combined=true or combined=false.")
        }
        let evidence = RequestEvidence(request: request, context: context, channel: "profile_api")
        return try .json(try await actions.profile(
            of: person, service: service, combined: combined, signals: PrivacySignals(request: request), evidence: evidence.map,
            actor: context.actor, requestId: context.requestId))
    }
}
