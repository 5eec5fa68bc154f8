import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// The staff side of partners (scope `admin`), for the API now and the console later: the
/// registry, partner API keys, signing secrets, the share log by partner, and webhook deliveries
/// with their failures. Changes are audited by the store; reads that name people are audited here.
struct PartnerAdminController {
    let actions: PartnerAdminActions
    let registry: PartnerRegistry
    let shares: ShareLog
    let outbox: PartnerOutbox
    let audit: AuditLog
    let policy: Policy

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("v1/admin").add(middleware: RequireScope(scope: .admin))
        group.post("partners", use: create)
        group.get("partners", use: list)
        group.get("partners/{id}", use: show)
        group.patch("partners/{id}", use: update)
        group.post("partners/{id}/secret", use: rotateSecret)
        group.post("partners/{id}/api-keys", use: issueKey)
        group.get("partners/{id}/shares", use: partnerShares)
        group.get("webhooks", use: deliveries)
        group.get("webhooks/{id}", use: delivery)
        group.post("webhooks/{id}/retry", use: retry)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: PartnerAdminActions.Registration.self, context: context)
        let (partner, secret) = try await actions.register(body, actor: context.actor, requestId: context.requestId)
        return try .json(PartnerViews.PartnerView(partner, secret: secret), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(PartnerViews.Items(items: try await registry.list().map { PartnerViews.PartnerView($0) }))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(PartnerViews.PartnerView(try await partner(context)))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await request.decodeJSON(as: PartnerAdminActions.Change.self, context: context)
        return try .json(PartnerViews.PartnerView(try await actions.change(id, body, actor: context.actor, requestId: context.requestId)))
    }

    @Sendable func rotateSecret(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let secret = try await registry.rotateSecret(id: id, actor: context.actor, requestId: context.requestId),
              let partner = try await registry.find(id: id)
        else { throw AppError.partnerNotFound }
        return try .json(PartnerViews.PartnerView(partner, secret: secret))
    }

    struct NewKey: Decodable {
        var name: String?

        init() {}

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard case .value(let given) = try container.patchField(String.self, forKey: .name) else {
                if container.contains(.name) { throw AppError.validation(field: "name", code: "invalid_type", message: "Give the key's name as text.") }
                return
            }
            name = given
        }

        enum CodingKeys: String, CodingKey { case name }
    }

    @Sendable func issueKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await Self.optionalBody(request, context: context, as: NewKey.self) ?? NewKey()
        let (key, secret) = try await actions.issueKey(id, name: body.name, actor: context.actor, requestId: context.requestId)
        let view = AdminController.KeyView(key, secret: secret)
        return try .json(PartnerKeyView(key: view, partner: id), status: .created)
    }

    struct PartnerKeyView: Encodable {
        var key: AdminController.KeyView
        var partner: String

        func encode(to encoder: any Encoder) throws {
            try key.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(partner, forKey: .partner)
        }

        enum Keys: String, CodingKey { case partner }
    }

    @Sendable func partnerShares(_ request: Request, context: AppRequestContext) async throws -> Response {
        let partner = try await partner(context)
        let limit = Int(try AdminController.queryInt(request, "limit", default: 100, range: 1...1_000))
        let entries = try await shares.entries(toPartner: partner.id, limit: limit)
        try await audit.record(AuditEvent(
            actor: context.actor, action: "partner.shares.read", subject: partner.id, requestId: context.requestId,
            details: ["count": String(entries.count)]))
        return try .json(PartnerViews.Items(items: entries.map {
            PartnerViews.ShareView($0, policy: policy, contact: partner.contact, showPerson: true)
        }))
    }

    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let status = try ContactController.choice(request, "status", WebhookStatus.self)
        let partner = request.uri.queryParameters["partner"].map(String.init)
        let limit = Int(try AdminController.queryInt(request, "limit", default: 100, range: 1...1_000))
        let before = try Self.before(request)
        let items = try await outbox.list(status: status, partner: partner, limit: limit, before: before)
        // Deliveries carry partners' references to people: reading them is audited like the share log.
        try await audit.record(AuditEvent(
            actor: context.actor, action: "partner.webhooks.read", subject: partner, requestId: context.requestId,
            details: ["count": String(items.count)]))
        let next = items.count == limit ? items.last.map { ISOTimestamp.string($0.createdAt) } : nil
        return try .json(PartnerViews.Items(items: items.map { PartnerViews.DeliveryView($0) }, next: next))
    }

    @Sendable func delivery(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let found = try await outbox.delivery(try context.parameters.require("id")) else { throw AppError.deliveryNotFound }
        try await audit.record(AuditEvent(
            actor: context.actor, action: "partner.webhooks.read", subject: found.delivery.partnerId, requestId: context.requestId,
            details: ["webhook": found.delivery.id]))
        return try .json(PartnerViews.DeliveryView(found.delivery, attempts: found.attempts))
    }

    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await outbox.delivery(id) != nil else { throw AppError.deliveryNotFound }
        guard try await outbox.retry(id, actor: context.actor, requestId: context.requestId) else {
            throw AppError(.conflict, code: "not_failed", message: "Only a failed delivery can be retried.")
        }
        guard let found = try await outbox.delivery(id) else { throw AppError.deliveryNotFound }
        return try .json(PartnerViews.DeliveryView(found.delivery, attempts: found.attempts), status: .accepted)
    }

    private func partner(_ context: AppRequestContext) async throws -> Partner {
        guard let partner = try await registry.find(id: try context.parameters.require("id")) else { throw AppError.partnerNotFound }
        return partner
    }

    /// The `before` query parameter: an ISO 8601 time, the `next` of the previous page.
    static func before(_ request: Request) throws -> Int64? {
        guard let text = request.uri.queryParameters["before"] else { return nil }
        guard let millis = ISOTimestamp.millis(String(text)) else {
            throw AppError.validation(field: "before", code: "invalid", message: "Pass the 'next' value of the previous page.")
        }
        return millis
    }

    /// A JSON body that may be left out entirely.
    static func optionalBody<T: Decodable>(_ request: Request, context: AppRequestContext, as type: T.Type) async throws -> T? {
        let length = request.headers[.contentLength].flatMap(Int.init)
        guard request.headers[.contentType] != nil || (length ?? 0) > 0 else { return nil }
        return try await request.decodeJSON(as: type, context: context)
    }
}
