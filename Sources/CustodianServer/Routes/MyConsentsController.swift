import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// The person's own consents and policy acceptance (`/v1/people/me/…`). No acceptance is needed
/// to read or withdraw consent, or to accept.
struct MyConsentsController {
    let actions: ConsentActions

    func addRoutes(to router: Router<AppRequestContext>) {
        let me = router.group("v1/people/me").add(middleware: RequireSession())
        me.get("consents", use: list)
        me.put("consents/{purpose}", use: set)
        me.post("acceptances", use: accept)
    }

    struct SetConsent: Decodable {
        var state: String
    }

    struct Accept: Decodable {
        var policyVersion: String
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        try await observe(request, context: context, person: person)
        return try .json(try await actions.list(person: person))
    }

    @Sendable func set(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        let purpose = try context.parameters.require("purpose")
        let body = try await request.decodeJSON(as: SetConsent.self, context: context)
        let evidence = RequestEvidence(request: request, context: context, channel: "person_api")
        // The person's own choice, made after any signal on this request was recorded, wins.
        try await observe(request, context: context, person: person)
        let view = try await actions.set(
            person: person, purpose: purpose, state: body.state, source: .explicit, evidence: evidence.map,
            actor: context.actor, requestId: context.requestId)
        return try .json(view)
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        let body = try await request.decodeJSON(as: Accept.self, context: context)
        let evidence = RequestEvidence(request: request, context: context, channel: "person_api")
        let (view, isNew) = try await actions.accept(
            person: person, version: body.policyVersion, channel: "person_api", ipTruncated: evidence.ipTruncated,
            userAgentFamily: evidence.userAgentFamily, evidence: evidence.map, actor: context.actor, requestId: context.requestId)
        return try .json(view, status: isNew ? .created : .ok)
    }

    func observe(_ request: Request, context: AppRequestContext, person: String) async throws {
        let evidence = RequestEvidence(request: request, context: context, channel: "person_api")
        try await actions.consent.observe(PrivacySignals(request: request), for: person, evidence: evidence.map)
    }
}
