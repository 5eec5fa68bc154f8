/// How a collected event names the catalogue item it is a view of.
public enum ItemReference: Sendable, Hashable {
    /// `properties.itemId`: the item's id, as the page or app said.
    case id(String)
    /// The page's URL, as a ``CatalogURL/key(_:)``.
    case url(String)
}

/// Which events are views of catalogue items, and of which.
///
/// - Events from bots (flagged by enrichment from the user agent) are never views: a crawler's
///   walk through the site says nothing about what people like.
/// - Only `page` and `screen` events are views (a `track` says something was done, an
///   `identify` who someone is).
/// - `properties.itemId` (a string) names the item; apps' screens have no URL, so they must.
/// - Otherwise a page names the item whose URL matches its own (`context.page.url`), compared
///   by ``CatalogURL/key(_:)``.
public enum ViewMapping {
    /// The item a stored or incoming event is a view of, if it is a view at all.
    /// - Parameters:
    ///   - type: the event type (`page`, `screen`, …).
    ///   - url: the page URL kept with the event.
    ///   - properties: the event's properties as compact JSON text.
    ///   - bot: whether enrichment flagged the event as a bot's.
    public static func reference(type: String, url: String?, properties: String?, bot: Bool) -> ItemReference? {
        guard !bot, type == "page" || type == "screen" else { return nil }
        if let properties, let id = itemId(in: properties) { return .id(id) }
        guard type == "page", let url, let key = CatalogURL.key(url) else { return nil }
        return .url(key)
    }

    /// `properties.itemId` when it is a string of 1–100 bytes. The text is parsed only when it
    /// mentions the key at all: most properties do not, and this runs for every page view.
    static func itemId(in properties: String) -> String? {
        guard properties.utf8.count <= 16_384, properties.contains("\"itemId\"") else { return nil }
        guard let value = try? JSONParser.parse(Array(properties.utf8), maxDepth: 8),
              let id = value["itemId"]?.stringValue, !id.isEmpty, id.utf8.count <= CatalogRules.maxIdLength
        else { return nil }
        return id
    }
}
