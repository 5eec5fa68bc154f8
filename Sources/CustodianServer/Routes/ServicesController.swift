import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// The platform's services — website, apps, servers — that collect data (scope `admin`).
struct ServicesController {
    let services: ServiceRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("v1/admin/services").add(middleware: RequireScope(scope: .admin))
        group.post(use: register)
        group.get(use: list)
    }

    struct Registration: Decodable {
        var name: String
        var kind: String
    }

    struct View: Encodable {
        var id: String
        var name: String
        var kind: String
        var createdAt: Date

        init(_ service: PlatformService) {
            id = service.id
            name = service.name
            kind = service.kind.rawValue
            createdAt = Date(timeIntervalSince1970: Double(service.createdAt) / 1000)
        }
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: Registration.self, context: context)
        var problems: [FieldError] = []
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 100 { problems.append(FieldError(field: "name", code: "invalid_length", message: "Give a name of 1 to 100 characters.")) }
        let kind = PlatformService.Kind(rawValue: body.kind)
        if kind == nil {
            problems.append(FieldError(field: "kind", code: "invalid_choice", message: "Kinds are: \(PlatformService.Kind.allCases.map(\.rawValue).joined(separator: ", "))."))
        }
        guard problems.isEmpty, let kind else { throw AppError.validation(problems) }
        do {
            let service = try await services.register(name: name, kind: kind, actor: context.actor, requestId: context.requestId)
            return try .json(View(service), status: .created)
        } catch StoreError.conflict {
            throw AppError.validation(field: "name", code: "taken", message: "A service with this name exists.")
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(["items": try await services.list().map(View.init)])
    }
}
