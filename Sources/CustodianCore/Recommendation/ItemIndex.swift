/// The catalogue as the model sees it: each item has a dense index (`UInt32`) that the model's
/// arrays are addressed by, found by id or by URL key.
///
/// An index is never reused for another item: a deleted item leaves a hole (its neighbours and
/// popularity stay but it is never recommended), and an item created again under the same id
/// gets its old index back.
public struct ItemIndex: Sendable {
    /// Items by index; nil where an item was deleted.
    public private(set) var items: [CatalogItem?] = []
    private var byId: [String: UInt32] = [:]
    private var byURL: [String: UInt32] = [:]
    /// The services that have at least one item, with how many.
    public private(set) var itemsPerService: [String: Int] = [:]

    public init() {}

    /// The number of indexes handed out (holes included).
    public var capacity: Int { items.count }

    /// How many items are live.
    public var count: Int { itemsPerService.values.reduce(0, +) }

    /// Adds or replaces `item`; returns its index.
    @discardableResult
    public mutating func upsert(_ item: CatalogItem) -> UInt32 {
        let index: UInt32
        if let known = byId[item.id] {
            index = known
            if let old = items[Int(known)] { unlink(old) }
            items[Int(known)] = item
        } else {
            index = UInt32(items.count)
            items.append(item)
            byId[item.id] = index
        }
        byURL[item.urlKey] = index
        itemsPerService[item.service, default: 0] += 1
        return index
    }

    /// Removes the item with `id`; false when there is none.
    @discardableResult
    public mutating func remove(id: String) -> Bool {
        guard let index = byId[id], let old = items[Int(index)] else { return false }
        unlink(old)
        items[Int(index)] = nil
        return true
    }

    private mutating func unlink(_ item: CatalogItem) {
        if byURL[item.urlKey] == byId[item.id] { byURL[item.urlKey] = nil }
        itemsPerService[item.service, default: 1] -= 1
        if itemsPerService[item.service] == 0 { itemsPerService[item.service] = nil }
    }

    /// The live item at `index`.
    public subscript(index: UInt32) -> CatalogItem? {
        Int(index) < items.count ? items[Int(index)] : nil
    }

    /// The index of the live item `reference` names.
    public func resolve(_ reference: ItemReference) -> UInt32? {
        let index: UInt32?
        switch reference {
        case .id(let id): index = byId[id]
        case .url(let key): index = byURL[key]
        }
        guard let index, items[Int(index)] != nil else { return nil }
        return index
    }

    /// Whether the item at `index` is live and, when `service` is given, belongs to it.
    public func isLive(_ index: UInt32, in service: String?) -> Bool {
        guard let item = self[index] else { return false }
        return service.map { $0 == item.service } ?? true
    }
}
