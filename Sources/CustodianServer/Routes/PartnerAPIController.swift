import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// The partner API (scope `partner`, keys bound to a registered partner): records in, people out.
struct PartnerAPIController {
    let caller: PartnerCaller
    let inbound: PartnerInboundActions
    let outbound: PartnerOutboundActions

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("v1/partner").add(middleware: RequireScope(scope: .partner))
        group.post("records", use: receive)
        group.get("people/{ref}", use: pull)
        group.post("people/lookup", use: lookup)
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let partner = try await caller.partner(context.apiKey)
        let body = try await request.decodeJSON(as: PartnerInboundActions.Record.self, context: context, limit: 256 * 1024)
        return try .json(try await inbound.receive(body, partner: partner, actor: context.actor, requestId: context.requestId), status: .created)
    }

    @Sendable func pull(_ request: Request, context: AppRequestContext) async throws -> Response {
        let partner = try await caller.partner(context.apiKey)
        let ref = try context.parameters.require("ref")
        let purpose = request.uri.queryParameters["purpose"].map(String.init)
        return try .json(try await outbound.pull(ref: ref, purpose: purpose, partner: partner, actor: context.actor, requestId: context.requestId))
    }

    @Sendable func lookup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let partner = try await caller.partner(context.apiKey)
        let body = try await request.decodeJSON(as: PartnerOutboundActions.Lookup.self, context: context)
        return try .json(try await outbound.lookup(body, partner: partner, actor: context.actor, requestId: context.requestId))
    }
}
