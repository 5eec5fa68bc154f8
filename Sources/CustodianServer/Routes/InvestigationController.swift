import CustodianCore
import Hummingbird

/// `GET /v1/admin/investigations/{person}[?purpose=essential.service.security]` (scope `admin`):
/// a person's risk events, sign-ins, devices and flagged links, through the purpose gate, audited.
struct InvestigationController {
    let actions: InvestigationActions

    func addRoutes(to router: Router<AppRequestContext>) {
        router.group("v1/admin/investigations").add(middleware: RequireScope(scope: .admin)).get("{person}", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let purpose = request.uri.queryParameters["purpose"].map(String.init) ?? InvestigationActions.purposes[0]
        let view = try await actions.view(person: try context.parameters.require("person"), purpose: purpose, actor: context.actor, requestId: context.requestId)
        return try .json(view)
    }
}
