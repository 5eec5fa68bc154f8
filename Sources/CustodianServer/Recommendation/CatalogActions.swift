import CustodianCore
import CustodianStore
import Foundation

/// What creating, reading, correcting and deleting catalogue items does, shared by the API
/// (``CatalogController``) and the demo. Every change reaches this process's model at once;
/// other processes see it at their next rebuild.
struct CatalogActions: Sendable {
    let catalog: CatalogStore
    let services: ServiceRegistry
    let live: LiveModel
    let now: @Sendable () -> Int64

    /// Validates and stores new items, all or none; the service defaults to `defaultService`
    /// (the calling key's).
    func create(_ drafts: [CatalogDraft], defaultService: String?) async throws -> [CatalogItem] {
        var items: [CatalogItem] = []
        var problems: [FieldProblem] = []
        var known: Set<String> = []
        let time = now()
        for (position, draft) in drafts.enumerated() {
            let prefix = drafts.count == 1 ? "" : "items[\(position)]."
            switch CatalogRules.validateNew(draft) {
            case .failure(let invalid):
                problems += invalid.problems.map { FieldProblem(field: prefix + $0.field, code: $0.code, message: $0.message) }
            case .success(let valid):
                guard let service = valid.service ?? defaultService else {
                    problems.append(FieldProblem(
                        field: prefix + "service", code: "required", message: "Name the item's service: this key belongs to no platform service."))
                    continue
                }
                if !known.contains(service) {
                    guard try await services.find(id: service) != nil else {
                        problems.append(FieldProblem(field: prefix + "service", code: "unknown_service", message: "Give the id of a registered platform service."))
                        continue
                    }
                    known.insert(service)
                }
                items.append(CatalogItem(
                    id: valid.id ?? Identifiers.make(), service: service, title: valid.title ?? "", url: valid.url ?? "", tags: valid.tags ?? [],
                    published: valid.published ?? time, createdAt: time, updatedAt: time))
            }
        }
        guard problems.isEmpty else { throw AppError.validation(problems: problems) }
        do {
            try await catalog.create(items)
        } catch let error as CatalogError {
            throw AppError.from(error)
        }
        for item in items { live.upsert(item) }
        return items
    }

    func item(_ id: String) async throws -> CatalogItem {
        guard let item = try await catalog.item(id) else { throw AppError.itemNotFound }
        return item
    }

    func change(_ id: String, _ draft: CatalogDraft) async throws -> CatalogItem {
        let valid: ValidCatalogDraft
        switch CatalogRules.validateChange(draft) {
        case .success(let checked): valid = checked
        case .failure(let invalid): throw AppError.validation(problems: invalid.problems)
        }
        do {
            let item = try await catalog.update(id, title: valid.title, url: valid.url, tags: valid.tags, published: valid.published)
            live.upsert(item)
            return item
        } catch let error as CatalogError {
            throw AppError.from(error)
        }
    }

    func delete(_ id: String) async throws {
        guard try await catalog.delete(id) else { throw AppError.itemNotFound }
        live.remove(itemId: id)
    }
}
