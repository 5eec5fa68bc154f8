import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// The content catalogue (scope `people`, which the contract describes as managing people and
/// the content catalogue on the platform's behalf): items the recommendation model can suggest.
struct CatalogController {
    let actions: CatalogActions

    func addRoutes(to router: Router<AppRequestContext>) {
        let items = router.group("v1/catalog/items").add(middleware: RequireScope(scope: .people))
        items.post(use: create)
        items.get(use: list)
        items.get("{id}", use: read)
        items.patch("{id}", use: change)
        items.delete("{id}", use: delete)
    }

    /// An item as JSON.
    struct ItemView: Encodable {
        var id: String
        var service: String
        var title: String
        var url: String
        var tags: [String]
        var published: String
        var createdAt: String
        var updatedAt: String

        init(_ item: CatalogItem) {
            id = item.id
            service = item.service
            title = item.title
            url = item.url
            tags = item.tags
            published = ISOTimestamp.string(item.published)
            createdAt = ISOTimestamp.string(item.createdAt)
            updatedAt = ISOTimestamp.string(item.updatedAt)
        }
    }

    struct Page: Encodable {
        var items: [ItemView]
        var next: String?
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let draft = try await request.decodeJSON(as: CatalogDraft.self, context: context, limit: 64 * 1024)
        let created = try await actions.create([draft], defaultService: context.apiKey?.serviceId)
        return try .json(ItemView(created[0]), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = Int(try AdminController.queryInt(request, "limit", default: 50, range: 1...200))
        let cursor = try ContactController.cursor(request)
        let service = request.uri.queryParameters["service"].map(String.init)
        let items = try await actions.catalog.list(service: service, limit: limit, after: cursor)
        let next = items.count == limit ? items.last.map { PageCursor(createdAt: $0.createdAt, id: $0.id).token } : nil
        return try .json(Page(items: items.map(ItemView.init), next: next))
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(ItemView(try await actions.item(try context.parameters.require("id"))))
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let draft = try await request.decodeJSON(as: CatalogDraft.self, context: context, limit: 64 * 1024)
        return try .json(ItemView(try await actions.change(id, draft)))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await actions.delete(try context.parameters.require("id"))
        return Response(status: .noContent)
    }
}
