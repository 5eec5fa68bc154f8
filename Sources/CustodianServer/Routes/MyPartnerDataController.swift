import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// What the signed-in person can see of partners and out-of-scope records: who was given their
/// data (the share log), what partners sent about them (by source), and the records the policy
/// does not cover, marked as such — the section their access export will carry.
struct MyPartnerDataController {
    let shares: ShareLog
    let records: PartnerRecords
    let registry: PartnerRegistry
    let outOfScope: OutOfScopeStore
    let audit: AuditLog
    let policy: Policy

    func addRoutes(to router: Router<AppRequestContext>) {
        let me = router.group("v1/people/me").add(middleware: RequireSession())
        me.get("shares", use: myShares)
        me.get("received", use: received)
        me.get("out-of-scope", use: myOutOfScope)
    }

    @Sendable func myShares(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        let entries = try await shares.entries(of: person, limit: 1_000)
        let contacts = Dictionary(try await registry.list().map { ($0.id, $0.contact) }) { first, _ in first }
        try await audit.record(AuditEvent(
            actor: context.actor, action: "person.shares.read", subject: person, requestId: context.requestId,
            details: ["count": String(entries.count)]))
        return try .json(PartnerViews.Items(items: entries.map { PartnerViews.ShareView($0, policy: policy, contact: contacts[$0.partnerId]) }))
    }

    @Sendable func received(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        let values = try await records.received(by: person, actor: context.actor, requestId: context.requestId)
        return try .json(PartnerViews.Items(items: values.sorted { ($0.source, $0.field) < ($1.source, $1.field) }.map {
            PartnerViews.ReceivedView($0, policy: policy)
        }))
    }

    @Sendable func myOutOfScope(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        let found = try await outOfScope.records(for: person)
        try await audit.record(AuditEvent(
            actor: context.actor, action: "person.out_of_scope.read", subject: person, requestId: context.requestId,
            details: ["count": String(found.count)]))
        return try .json(OutOfScopeViews.ExportSection(found, policy: policy))
    }
}
