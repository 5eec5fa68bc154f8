import CustodianCore

/// Live counts of what is held, for the console's data map and consent statistics: aggregates
/// only, no value opened and no person named.
public struct DataInventory: Sendable {
    let database: any SQLDatabase

    /// How many values of one category from one source are held, about how many people.
    public struct Count: Sendable, Equatable {
        public var category: String
        public var source: String
        public var values: Int
        public var people: Int
    }

    /// Profile values (given by people, or sent by partners) per category and source.
    public func attributeCounts() async throws -> [Count] {
        try await database.read { db in
            try await db.query(SQL(
                """
                SELECT category, source, COUNT(*) AS n, COUNT(DISTINCT person_id) AS p FROM person_attributes
                GROUP BY category, source ORDER BY category, source
                """
            )).map { Count(category: try $0.text("category"), source: try $0.text("source"), values: Int(try $0.int("n")), people: Int(try $0.int("p"))) }
        }
    }

    /// The totals of the other kinds of record: people, collected events (automatic), contact
    /// messages, survey responses, partner disclosures, records outside the policy.
    public func totals() async throws -> [String: Int] {
        let tables = ["people", "events", "contact_messages", "survey_responses", "partner_shares", "out_of_scope_records", "consent_ledger"]
        return try await database.read { db in
            var totals: [String: Int] = [:]
            for table in tables {
                totals[table] = Int(try await db.first(SQL("SELECT COUNT(*) AS n FROM \(table)"))?.int("n") ?? 0)
            }
            return totals
        }
    }

    /// How many people have an account (erased people are gone).
    public func peopleCount() async throws -> Int {
        try await database.read { db in Int(try await db.first(SQL("SELECT COUNT(*) AS n FROM people"))?.int("n") ?? 0) }
    }
}
