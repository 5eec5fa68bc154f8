extension Migrations {
    /// The content catalogue (Recommendations). Items are not personal data and are kept in the
    /// clear. `url_key` is the URL as page views are matched on (`CatalogURL.key`), unique so that
    /// a view names one item. An item belongs to a platform service.
    static let catalog = Migration(version: 30, name: "catalog") { _ in
        [
            """
            CREATE TABLE catalog_items (
                id TEXT PRIMARY KEY,
                service_id TEXT NOT NULL REFERENCES services (id),
                title TEXT NOT NULL,
                url TEXT NOT NULL,
                url_key TEXT NOT NULL UNIQUE,
                tags TEXT NOT NULL,
                published_at {bigint} NOT NULL,
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX catalog_items_created ON catalog_items (created_at, id)",
            "CREATE INDEX catalog_items_service ON catalog_items (service_id, created_at, id)",
        ]
    }
}
