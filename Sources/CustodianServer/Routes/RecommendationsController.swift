import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Recommendations: `GET /v1/people/{id}/recommendations` for the platform's services (scope
/// `people`: the answer is derived from what the person viewed — it even shows, by leaving them
/// out, which items they have seen — so it is personal data, not a yes/no decision), and
/// `GET /v1/people/me/recommendations` for the signed-in person.
struct RecommendationsController {
    let actions: RecommendationActions
    let acceptance: AcceptanceCheck

    func addRoutes(to router: Router<AppRequestContext>) {
        router.group("v1/people/me").add(middleware: RequireSession()).get("recommendations", use: mine)
        router.group("v1/people/{id}").add(middleware: RequireScope(scope: .people)).get("recommendations", use: forPerson)
    }

    @Sendable func forPerson(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.parameters.require("id")
        let (service, limit) = try Self.query(request)
        let evidence = RequestEvidence(request: request, context: context, channel: "recommendations_api")
        return try .json(try await actions.recommend(
            person: person, service: service, limit: limit, signals: PrivacySignals(request: request), evidence: evidence.map,
            actor: context.actor, requestId: context.requestId))
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        try await acceptance.require(person)
        let (service, limit) = try Self.query(request)
        let evidence = RequestEvidence(request: request, context: context, channel: "person_api")
        return try .json(try await actions.recommend(
            person: person, service: service, limit: limit, signals: PrivacySignals(request: request), evidence: evidence.map,
            actor: context.actor, requestId: context.requestId))
    }

    /// `service` (a registered service's id) and `limit` (1–100, default 10).
    static func query(_ request: Request) throws -> (service: String?, limit: Int) {
        let limit = Int(try AdminController.queryInt(request, "limit", default: 10, range: 1...100))
        guard let text = request.uri.queryParameters["service"] else { return (nil, limit) }
        let service = String(text)
        guard !service.isEmpty, service.utf8.count <= 100 else { throw AppError.unknownService }
        return (service, limit)
    }
}
