import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Registration, the person's own profile (read through the purpose gate, corrections audited)
/// and account erasure, as JSON. The work is in ``PeopleActions``, shared with the account pages.
struct PeopleController {
    let actions: PeopleActions

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("v1/people", use: register)
        let me = router.group("v1/people/me").add(middleware: RequireSession())
        me.get(use: profile)
        me.patch(use: correct)
        me.delete(use: erase)
    }

    struct Created: Encodable {
        var id: String
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: PeopleActions.Registration.self, context: context)
        let evidence = RequestEvidence(request: request, context: context, channel: "registration")
        switch try await actions.register(body, evidence: evidence, service: context.apiKey?.serviceId, remoteIP: context.remoteIP) {
        case .created(let person, _):
            return try .json(Created(id: person), status: .created)
        case .alreadyRegistered:
            // Registration must not reveal whether an address is registered: the same answer,
            // with an id that leads nowhere.
            return try .json(Created(id: Identifiers.make()), status: .created)
        }
    }

    @Sendable func profile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        try await actions.requireAcceptance(person)
        return try .json(try await actions.profile(of: person, actor: context.actor, requestId: context.requestId))
    }

    @Sendable func correct(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        try await actions.requireAcceptance(person)
        let body = try await request.decodeJSON(as: PeopleActions.Correction.self, context: context)
        return try .json(try await actions.correct(person, body, actor: context.actor, requestId: context.requestId))
    }

    struct Erasure: Decodable {
        var password: String
    }

    /// Erases the account after the person confirms with their password.
    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        let body = try await request.decodeJSON(as: Erasure.self, context: context)
        try await actions.erase(person, password: body.password, actor: context.actor, requestId: context.requestId)
        var response = Response(status: .noContent)
        response.setCookie(SessionCookie.expired)
        return response
    }
}
