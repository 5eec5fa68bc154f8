import CustodianCore

/// What the privacy centre's "what we hold" page shows: how many records of each kind the store
/// holds about a person and what their events say about their devices — counts and labels only,
/// no sealed value opened. The full values are the export's (``PersonExporter/export(of:access:actor:requestId:)``).
public struct PersonSummary: Sendable, Equatable {
    /// One profile attribute held: which field, under which category, from which source.
    public struct Attribute: Sendable, Equatable {
        public var field: String
        public var category: String
        /// `provided`, `automatic` or `partner`.
        public var source: String
        public var serviceId: String?
        public var updatedAt: Int64
    }

    /// What the person's collected events hold, in aggregate.
    public struct Events: Sendable, Equatable {
        public var count: Int
        public var first: Int64?
        public var last: Int64?
        /// Events with a sealed IP address, a sealed device ID, an approximate location.
        public var withAddress: Int
        public var withDeviceId: Int
        public var withLocation: Int
        /// Browser identifiers (anonymous IDs) the events came with.
        public var browserIdentifiers: Int
        /// Distinct values seen, most frequent first (a few of each).
        public var browsers: [String]
        public var systems: [String]
        public var devices: [String]
        public var screens: [String]
        public var languages: [String]
        public var countries: [String]
    }

    /// Rows per table that has a `person_id` column (tables with none are left out).
    public var rowsByTable: [String: Int]
    public var attributes: [Attribute]
    public var events: Events

    public func rows(_ table: String) -> Int { rowsByTable[table] ?? 0 }
}

extension PersonExporter {
    /// The person's summary, read in one snapshot. It opens nothing, so it needs no gate; the
    /// page that shows it is the person's own.
    public func summary(of person: String) async throws -> PersonSummary {
        let dialect = database.dialect
        return try await database.read { db in
            var counts: [String: Int] = [:]
            for table in try await Self.personTables(in: db, dialect: dialect) {
                let row = try await db.query(SQL("SELECT COUNT(*) AS n FROM \(table) WHERE person_id = ?", [.text(person)])).first
                let count = Int(try row?.int("n") ?? 0)
                if count > 0 { counts[table] = count }
            }
            let attributes = try await db.query(SQL(
                "SELECT field, category, source, service_id, updated_at FROM person_attributes WHERE person_id = ? ORDER BY field",
                [.text(person)])
            ).map { row in
                PersonSummary.Attribute(
                    field: try row.text("field"), category: try row.text("category"), source: try row.text("source"),
                    serviceId: try row.optionalText("service_id"), updatedAt: try row.int("updated_at"))
            }
            let totals = try await db.query(SQL(
                """
                SELECT COUNT(*) AS n, MIN(occurred_at) AS first, MAX(occurred_at) AS last,
                  COUNT(ip_sealed) AS with_address, COUNT(device_id_sealed) AS with_device,
                  COUNT(latitude) AS with_location, COUNT(DISTINCT anonymous_digest) AS anonymous
                FROM events WHERE person_id = ?
                """, [.text(person)])
            ).first
            func distinct(_ expression: String) async throws -> [String] {
                try await db.query(SQL(
                    """
                    SELECT \(expression) AS v, COUNT(*) AS n FROM events WHERE person_id = ? AND \(expression) IS NOT NULL
                    GROUP BY \(expression) ORDER BY n DESC, v LIMIT 6
                    """, [.text(person)])
                ).compactMap { try $0.optionalText("v") }.filter { !$0.isEmpty }
            }
            let version = "browser_family || ' ' || browser_major"
            let system = "os_family || ' ' || os_major"
            let events = PersonSummary.Events(
                count: Int(try totals?.int("n") ?? 0), first: try totals?.optionalInt("first"), last: try totals?.optionalInt("last"),
                withAddress: Int(try totals?.int("with_address") ?? 0), withDeviceId: Int(try totals?.int("with_device") ?? 0),
                withLocation: Int(try totals?.int("with_location") ?? 0), browserIdentifiers: Int(try totals?.int("anonymous") ?? 0),
                browsers: try await distinct("COALESCE(\(version), browser_family)"),
                systems: try await distinct("COALESCE(\(system), os_family)"),
                devices: try await distinct("COALESCE(device_brand || ' ' || device_model, device_type)"),
                screens: try await distinct("screen"), languages: try await distinct("language"), countries: try await distinct("country"))
            return PersonSummary(rowsByTable: counts, attributes: attributes, events: events)
        }
    }
}
