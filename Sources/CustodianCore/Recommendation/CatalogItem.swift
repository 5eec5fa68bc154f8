/// One piece of content the platform can recommend: an article, a video, a product page.
///
/// Items are not personal data; they are kept in the clear and read without the purpose gate.
/// The `url` is how page views find their item when the page does not say `properties.itemId`
/// (see ``ViewMapping``), so two items may not share a URL (compared by ``CatalogURL/key(_:)``).
public struct CatalogItem: Sendable, Equatable, Codable {
    /// The item's id: the client's own (an article slug, a SKU) or one Custodian made.
    public var id: String
    /// The id of the platform service (ServiceRegistry) the item belongs to.
    public var service: String
    public var title: String
    /// An absolute http(s) URL.
    public var url: String
    /// Lower-case topic tags, without duplicates, in the order given.
    public var tags: [String]
    /// When the item was published (ms since the epoch).
    public var published: Int64
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: String, service: String, title: String, url: String, tags: [String], published: Int64, createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.service = service
        self.title = title
        self.url = url
        self.tags = tags
        self.published = published
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The normalised URL that page views are matched on.
    public var urlKey: String { CatalogURL.key(url) ?? url }
}
