import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Campaigns and the outbox's state (scope `messaging`). The work is in ``CampaignActions``.
struct CampaignsController {
    let actions: CampaignActions

    func addRoutes(to router: Router<AppRequestContext>) {
        let campaigns = router.group("v1/campaigns").add(middleware: RequireScope(scope: .messaging))
        campaigns.post(use: create)
        campaigns.get(use: list)
        campaigns.get("{id}", use: show)
        campaigns.post("{id}/queue", use: queue)
        router.group("v1/messaging").add(middleware: RequireScope(scope: .messaging)).get("status", use: status)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let draft = try await request.decodeJSON(as: CampaignActions.Draft.self, context: context, limit: 512 * 1024)
        let campaign = try await actions.create(draft, actor: context.actor, requestId: context.requestId)
        return try .json(MessagingViews.CampaignView(campaign), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = Int(try AdminController.queryInt(request, "limit", default: 50, range: 1...200))
        return try .json(["items": try await actions.campaigns.list(limit: limit).map { MessagingViews.CampaignView($0) }])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try await actions.view(try context.parameters.require("id")))
    }

    /// Draws the audience now and queues one message per person reached; 409 the second time.
    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (campaign, report) = try await actions.queue(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId)
        return try .json(MessagingViews.Queued(
            campaign: MessagingViews.CampaignView(campaign, delivery: try await actions.outbox.counts(campaign: campaign.id)), report: report,
            mail: .init(configured: actions.mailConfigured)))
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let counts = try await actions.outbox.counts()
        return try .json(MessagingViews.Status(
            mail: .init(configured: actions.mailConfigured), outbox: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })))
    }
}
