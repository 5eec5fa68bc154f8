import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Records the policy declares itself not to apply to (exclusions (1)–(4)): stored by the
/// platform's services (scope `people`), listed and erased by staff (scope `admin`), not gated by
/// consent, kept on erasure where the policy says so.
struct OutOfScopeController {
    let store: OutOfScopeStore
    let audit: AuditLog
    let policy: Policy

    func addRoutes(to router: Router<AppRequestContext>) {
        router.group("v1/out-of-scope").add(middleware: RequireScope(scope: .people)).post(use: create)
        let staff = router.group("v1/admin/out-of-scope").add(middleware: RequireScope(scope: .admin))
        staff.get(use: list)
        staff.get("{id}", use: show)
        staff.delete("{id}", use: erase)
    }

    struct Draft: Decodable {
        var exclusion: String?
        var person: String?
        var occurredAt: String?
        var fields: [String: Value]?
    }

    /// A field value as sent: text, a number, or something else (refused by the schema).
    struct Value: Decodable {
        var input: OutOfScopeInput

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                input = .text(text)
            } else if let number = try? container.decode(Double.self) {
                input = .number(number)
            } else {
                input = .other
            }
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: Draft.self, context: context)
        var problems: [FieldProblem] = []
        var exclusion: Exclusion?
        if let key = body.exclusion {
            exclusion = policy.exclusions.first { $0.key == key }
            if exclusion == nil {
                problems.append(FieldProblem(
                    field: "exclusion", code: "unknown_exclusion",
                    message: "The policy excludes: \(policy.exclusions.map(\.key).joined(separator: ", "))."))
            }
        } else {
            problems.append(FieldProblem(field: "exclusion", code: "required", message: "Name the policy exclusion the record falls under."))
        }
        var occurredAt: Int64?
        if let text = body.occurredAt {
            occurredAt = ISOTimestamp.millis(text)
            if occurredAt == nil { problems.append(FieldProblem(field: "occurredAt", code: "invalid_date", message: "Give an ISO 8601 time.")) }
        }
        var fields: [String: String] = [:]
        if let exclusion {
            switch OutOfScopeSchema.validate((body.fields ?? [:]).mapValues(\.input), kind: exclusion.kind) {
            case .success(let values): fields = values
            case .failure(let invalid): problems += invalid.problems
            }
        }
        guard problems.isEmpty, let exclusion else { throw AppError.validation(problems: problems) }
        do {
            let record = try await store.create(
                OutOfScopeDraft(exclusion: exclusion, personId: body.person, source: context.actor, fields: fields, occurredAt: occurredAt),
                actor: context.actor, requestId: context.requestId)
            return try .json(OutOfScopeViews.Record(record, policy: policy, forStaff: true), status: .created)
        } catch StoreError.notFound {
            throw AppError.validation(field: "person", code: "unknown_person", message: "There is no person with this id.")
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let kind = try ContactController.choice(request, "kind", ExclusionKind.self)
        let limit = Int(try AdminController.queryInt(request, "limit", default: 100, range: 1...1_000))
        let items = try await store.list(kind: kind, limit: limit, before: try PartnerAdminController.before(request))
        try await audit.record(AuditEvent(
            actor: context.actor, action: "out_of_scope.read", requestId: context.requestId, details: ["count": String(items.count)]))
        let next = items.count == limit ? items.last.map { ISOTimestamp.string($0.occurredAt) } : nil
        return try .json(PartnerViews.Items(items: items.map { OutOfScopeViews.Record($0, policy: policy, forStaff: true) }, next: next))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let record = try await store.record(id) else { throw AppError.outOfScopeRecordNotFound }
        try await audit.record(AuditEvent(
            actor: context.actor, action: "out_of_scope.read", subject: record.personId, requestId: context.requestId, details: ["record": id]))
        return try .json(OutOfScopeViews.Record(record, policy: policy, forStaff: true))
    }

    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await store.erase(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId) else {
            throw AppError.outOfScopeRecordNotFound
        }
        return Response(status: .noContent)
    }
}
