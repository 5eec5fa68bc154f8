import CustodianCore
import Foundation

/// Why a catalogue write was refused.
public enum CatalogError: Error, Sendable, Equatable {
    /// Another item has this id.
    case idTaken
    /// Another item has this URL (as page views match it).
    case urlTaken
    /// The service named is not registered.
    case unknownService
    /// There is no item with this id.
    case notFound
}

/// The content catalogue: items the platform can recommend. Not personal data: kept in the clear,
/// not sealed, not audited per change (it is the platform's own content, changed by its services).
public final class CatalogStore: Sendable {
    let database: any SQLDatabase
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.now = now
    }

    static let columns = "id, service_id, title, url, url_key, tags, published_at, created_at, updated_at"

    /// Stores new items in one transaction; each must have an id, a registered service and a URL
    /// no other item has. Nothing is stored when one is refused.
    /// - Throws: ``CatalogError``.
    public func create(_ items: [CatalogItem]) async throws {
        guard !items.isEmpty else { return }
        var ids = Set<String>()
        var keys = Set<String>()
        for item in items {
            guard ids.insert(item.id).inserted else { throw CatalogError.idTaken }
            guard keys.insert(item.urlKey).inserted else { throw CatalogError.urlTaken }
        }
        do {
            try await database.write { tx in
                for chunk in Self.chunks(items, of: 500) {
                    try await Self.checkFree(chunk, in: tx)
                    try await tx.executeMany(
                        "INSERT INTO catalog_items (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", chunk.map(Self.row))
                }
            }
        } catch StoreError.conflict {
            // Another writer took an id or URL between the check and the insert.
            throw CatalogError.idTaken
        }
    }

    /// The item with `id`.
    public func item(_ id: String) async throws -> CatalogItem? {
        try await database.read { db in
            try await db.first(SQL("SELECT \(Self.columns) FROM catalog_items WHERE id = ?", [.text(id)])).map(Self.item)
        }
    }

    /// Items newest first, `limit` after `cursor`, optionally of one service.
    public func list(service: String? = nil, limit: Int, after cursor: PageCursor? = nil) async throws -> [CatalogItem] {
        let page = PageCursor.condition(cursor)
        var conditions = [page.sql]
        var binds = page.binds
        if let service {
            conditions.append("service_id = ?")
            binds.append(.text(service))
        }
        binds.append(.integer(Int64(limit)))
        let sql = SQL(
            "SELECT \(Self.columns) FROM catalog_items WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at DESC, id DESC LIMIT ?",
            binds)
        return try await database.read { db in try await db.query(sql).map(Self.item) }
    }

    /// Every item, in creation order, read `pageSize` at a time (for building the model).
    public func all(pageSize: Int = 10_000) async throws -> [CatalogItem] {
        var out: [CatalogItem] = []
        var after: (createdAt: Int64, id: String)?
        while true {
            let condition = after.map { _ in "WHERE created_at > ? OR (created_at = ? AND id > ?)" } ?? ""
            let binds: [SQLValue] = after.map { [.integer($0.createdAt), .integer($0.createdAt), .text($0.id)] } ?? []
            let rows = try await database.read { db in
                try await db.query(SQL(
                    "SELECT \(Self.columns) FROM catalog_items \(condition) ORDER BY created_at, id LIMIT ?", binds + [.integer(Int64(pageSize))]))
            }
            let page = try rows.map(Self.item)
            out += page
            guard page.count == pageSize, let last = page.last else { return out }
            after = (last.createdAt, last.id)
        }
    }

    /// Applies a validated correction; returns the item after it.
    /// - Throws: ``CatalogError/notFound``, ``CatalogError/urlTaken``.
    public func update(_ id: String, title: String?, url: String?, tags: [String]?, published: Int64?) async throws -> CatalogItem {
        let time = now()
        do {
            let lock = database.dialect.forUpdate
            return try await database.write { tx in
                guard var item = try await tx.first(SQL("SELECT \(Self.columns) FROM catalog_items WHERE id = ?\(lock)", [.text(id)])).map(Self.item)
                else { throw CatalogError.notFound }
                if let title { item.title = title }
                if let url {
                    let key = CatalogURL.key(url) ?? url
                    if key != item.urlKey,
                       try await tx.first(SQL("SELECT id FROM catalog_items WHERE url_key = ? AND id <> ?", [.text(key), .text(id)])) != nil {
                        throw CatalogError.urlTaken
                    }
                    item.url = url
                }
                if let tags { item.tags = tags }
                if let published { item.published = published }
                item.updatedAt = time
                try await tx.execute(SQL(
                    "UPDATE catalog_items SET title = ?, url = ?, url_key = ?, tags = ?, published_at = ?, updated_at = ? WHERE id = ?",
                    [.text(item.title), .text(item.url), .text(item.urlKey), .text(Self.tagsText(item.tags)), .integer(item.published),
                     .integer(time), .text(id)]))
                return item
            }
        } catch StoreError.conflict {
            throw CatalogError.urlTaken
        }
    }

    /// Deletes the item; false when there is none.
    @discardableResult
    public func delete(_ id: String) async throws -> Bool {
        try await database.write { tx in
            guard try await tx.first(SQL("SELECT id FROM catalog_items WHERE id = ?", [.text(id)])) != nil else { return false }
            try await tx.execute(SQL("DELETE FROM catalog_items WHERE id = ?", [.text(id)]))
            return true
        }
    }

    /// How many items there are.
    public func count() async throws -> Int {
        try await database.read { db in Int(try await db.first(SQL("SELECT COUNT(*) AS n FROM catalog_items"))?.int("n") ?? 0) }
    }

    // MARK: - rows

    /// Names which rule a chunk of new items breaks before the insert does, so that the caller
    /// hears which field to fix.
    static func checkFree(_ items: [CatalogItem], in tx: any SQLExecutor) async throws {
        let marks = Array(repeating: "?", count: items.count).joined(separator: ", ")
        if try await tx.first(SQL("SELECT id FROM catalog_items WHERE id IN (\(marks))", items.map { .text($0.id) })) != nil {
            throw CatalogError.idTaken
        }
        if try await tx.first(SQL("SELECT id FROM catalog_items WHERE url_key IN (\(marks))", items.map { .text($0.urlKey) })) != nil {
            throw CatalogError.urlTaken
        }
        let services = Array(Set(items.map(\.service)))
        let known = try await tx.query(SQL(
            "SELECT id FROM services WHERE id IN (\(Array(repeating: "?", count: services.count).joined(separator: ", ")))",
            services.map { .text($0) }))
        if known.count != services.count { throw CatalogError.unknownService }
    }

    static func chunks(_ items: [CatalogItem], of size: Int) -> [[CatalogItem]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min(items.count, $0 + size)]) }
    }

    static func row(_ item: CatalogItem) -> [SQLValue] {
        [
            .text(item.id), .text(item.service), .text(item.title), .text(item.url), .text(item.urlKey), .text(tagsText(item.tags)),
            .integer(item.published), .integer(item.createdAt), .integer(item.updatedAt),
        ]
    }

    static func tagsText(_ tags: [String]) -> String {
        "[" + tags.map(JSONText.quoted).joined(separator: ",") + "]"
    }

    static func item(_ row: SQLRow) throws -> CatalogItem {
        let tagsJSON = try row.text("tags")
        guard let parsed = try? JSONParser.parse(Array(tagsJSON.utf8)), let list = parsed.arrayValue else {
            throw StoreError.corrupt("catalogue tags are not a JSON array")
        }
        return CatalogItem(
            id: try row.text("id"), service: try row.text("service_id"), title: try row.text("title"), url: try row.text("url"),
            tags: list.compactMap(\.stringValue), published: try row.int("published_at"), createdAt: try row.int("created_at"),
            updatedAt: try row.int("updated_at"))
    }
}
