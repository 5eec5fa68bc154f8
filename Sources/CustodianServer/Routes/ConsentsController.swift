import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Consent and acceptance for people identified by id (scope `consent`), for the platform's
/// services and its operators.
///
/// Source rule: a change made here is recorded as `admin` (someone acting on the person's
/// instruction), unless the body says `"source": "explicit"`, meaning the calling service relays
/// a choice the person made themselves in its own interface. The evidence names the API key, so
/// the claim can be traced to the service that made it.
struct ConsentsController {
    let actions: ConsentActions

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("v1/people/{id}").add(middleware: RequireScope(scope: .consent))
        group.get("consents", use: list)
        group.put("consents/{purpose}", use: set)
        group.post("acceptances", use: accept)
    }

    struct SetConsent: Decodable {
        var state: String
        var source: String?
    }

    struct Accept: Decodable {
        var policyVersion: String
        /// How the person accepted: `web`, `app`, `email` … (default `api`).
        var channel: String?
        /// The person's IP address as the service saw it; only its network part is kept.
        var ip: String?
        /// The person's user agent as the service saw it; only its family is kept.
        var userAgent: String?
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.parameters.require("id")
        try await observeSignals(request, context: context, person: person)
        return try .json(try await actions.list(person: person))
    }

    @Sendable func set(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.parameters.require("id")
        let purpose = try context.parameters.require("purpose")
        let body = try await request.decodeJSON(as: SetConsent.self, context: context)
        let source: ConsentSource
        switch body.source {
        case nil, "admin": source = .admin
        case "explicit": source = .explicit
        default:
            throw AppError.validation(field: "source", code: "invalid_source", message: "Send \"admin\" or \"explicit\".")
        }
        try await observeSignals(request, context: context, person: person)
        let evidence = RequestEvidence(request: request, context: context, channel: "service_api")
        let view = try await actions.set(
            person: person, purpose: purpose, state: body.state, source: source, evidence: evidence.map,
            actor: context.actor, requestId: context.requestId)
        return try .json(view)
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.parameters.require("id")
        let body = try await request.decodeJSON(as: Accept.self, context: context)
        let channel = body.channel ?? "api"
        guard (1...32).contains(channel.count), channel.allSatisfy({ $0 == "_" || ($0.isASCII && $0.isLowercase) }) else {
            throw AppError.validation(field: "channel", code: "invalid", message: "Give a channel such as web, app or email.")
        }
        var ipTruncated: String? = nil
        if let ip = body.ip {
            guard let truncated = IPTruncation.truncate(ip) else {
                throw AppError.validation(field: "ip", code: "invalid", message: "Give an IPv4 or IPv6 address.")
            }
            ipTruncated = truncated
        }
        var evidence = RequestEvidence(request: request, context: context, channel: channel).map
        // The service's own address and client are not the person's: keep only the request and key.
        evidence["ipTruncated"] = nil
        evidence["userAgentFamily"] = nil
        let (view, isNew) = try await actions.accept(
            person: person, version: body.policyVersion, channel: channel, ipTruncated: ipTruncated,
            userAgentFamily: body.userAgent.map(UserAgentFamily.of), evidence: evidence, actor: context.actor,
            requestId: context.requestId)
        return try .json(view, status: isNew ? .created : .ok)
    }

    private func observeSignals(_ request: Request, context: AppRequestContext, person: String) async throws {
        let signals = PrivacySignals(request: request)
        guard signals.any else { return }
        let evidence = RequestEvidence(request: request, context: context, channel: "service_api")
        try await actions.consent.observe(signals, for: person, evidence: evidence.map)
    }
}
