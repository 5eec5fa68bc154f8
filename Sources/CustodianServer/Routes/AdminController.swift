import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Administration over the API (scope `admin`): API keys and the audit log. Every call is audited.
struct AdminController {
    let apiKeys: any APIKeyRepository
    let audit: any AuditRepository
    let services: ServiceRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("v1/admin").add(middleware: RequireScope(scope: .admin))
        group.post("api-keys", use: createKey)
        group.get("api-keys", use: listKeys)
        group.delete("api-keys/{id}", use: revokeKey)
        group.get("audit", use: listAudit)
        group.get("audit/verify", use: verifyAudit)
    }

    struct CreateKey: Decodable {
        var name: String
        var scopes: [String]
        /// The id of the platform service the key belongs to.
        var service: String?
    }

    struct KeyView: Encodable {
        var id: String
        var name: String
        var scopes: [String]
        var createdAt: Date
        var revokedAt: Date?
        var service: String?
        /// Present only in the answer to the creation, once.
        var key: String?

        init(_ key: APIKey, secret: String? = nil) {
            id = key.id
            name = key.name
            scopes = key.scopes.sorted().map(\.rawValue)
            createdAt = Date(timeIntervalSince1970: Double(key.createdAt) / 1000)
            revokedAt = key.revokedAt.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            service = key.serviceId
            self.key = secret
        }
    }

    struct Items<T: Encodable>: Encodable {
        var items: [T]
    }

    @Sendable func createKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: CreateKey.self, context: context)
        var problems: [FieldError] = []
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 100 {
            problems.append(FieldError(field: "name", code: "invalid_length", message: "Give a name of 1 to 100 characters."))
        }
        let parsed = APIScope.parseList(body.scopes.joined(separator: ","))
        if !parsed.unknown.isEmpty {
            problems.append(FieldError(field: "scopes", code: "unknown_scope", message: "Scopes are: \(APIScope.allCases.map(\.rawValue).joined(separator: ", "))."))
        } else if parsed.scopes.isEmpty {
            problems.append(FieldError(field: "scopes", code: "required", message: "Give at least one scope."))
        }
        if let service = body.service, try await services.find(id: service) == nil {
            problems.append(FieldError(field: "service", code: "unknown_service", message: "No service has this id; register it first."))
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let created = try await apiKeys.create(name: name, scopes: parsed.scopes, service: body.service, actor: context.actor, requestId: context.requestId)
        return try .json(KeyView(created.key, secret: created.secret), status: .created)
    }

    @Sendable func listKeys(_ request: Request, context: AppRequestContext) async throws -> Response {
        let keys = try await apiKeys.list()
        return try .json(Items(items: keys.map { KeyView($0) }))
    }

    @Sendable func revokeKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await apiKeys.revoke(id: id, actor: context.actor, requestId: context.requestId) else {
            throw AppError.notFound("There is no live API key with this id.")
        }
        return Response(status: .noContent)
    }

    struct EntryView: Encodable {
        var seq: Int64
        var at: Date
        var actor: String
        var action: String
        var subject: String?
        var purpose: String?
        var categories: [String]
        var outcome: String
        var requestId: String?
        var details: String
        var prevHash: String
        var hash: String

        init(_ entry: AuditEntry) {
            seq = entry.seq
            at = Date(timeIntervalSince1970: Double(entry.at) / 1000)
            actor = entry.actor
            action = entry.action
            subject = entry.subject
            purpose = entry.purpose
            categories = entry.categories
            outcome = entry.outcome
            requestId = entry.requestId
            details = entry.details
            prevHash = Hex.encode(entry.prevHash)
            hash = Hex.encode(entry.hash)
        }
    }

    struct EntryPage: Encodable {
        var items: [EntryView]
        var next: Int64?
    }

    @Sendable func listAudit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let after = try Self.queryInt(request, "after", default: 0, range: 0...Int64.max)
        let limit = try Self.queryInt(request, "limit", default: 100, range: 1...1_000)
        let entries = try await audit.entries(after: after, limit: Int(limit))
        try await audit.record(AuditEvent(actor: context.actor, action: "audit.read", requestId: context.requestId, details: ["after": String(after)]))
        return try .json(EntryPage(items: entries.map(EntryView.init), next: entries.count == Int(limit) ? entries.last?.seq : nil))
    }

    struct VerifyView: Encodable {
        var intact: Bool
        var entries: Int64?
        var head: String?
        var brokenAt: Int64?
        var reason: String?
    }

    @Sendable func verifyAudit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let view: VerifyView
        switch try await audit.verify() {
        case .intact(let entries, let head):
            view = VerifyView(intact: true, entries: entries, head: Hex.encode(head))
        case .broken(let failure):
            view = VerifyView(intact: false, brokenAt: failure.entry, reason: failure.reason)
        }
        try await audit.record(AuditEvent(actor: context.actor, action: "audit.verify", outcome: view.intact ? "ok" : "error", requestId: context.requestId))
        return try .json(view)
    }

    static func queryInt(_ request: Request, _ name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int64(String(text)), range.contains(number) else {
            throw AppError.validation(field: name, code: "out_of_range", message: "Give a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }
}
