import CustodianCore

extension ConsentLedgerStore {
    /// Every record about `purpose`, of every person, in the order written, read `pageSize` at a
    /// time: what a bulk reader (the recommendation model's rebuild) needs to ask the gate about
    /// many people at once without a query per person. A decision about one purpose depends on
    /// that purpose's records alone.
    public func records(purpose: String, pageSize: Int = 10_000) async throws -> [ConsentRecord] {
        var out: [ConsentRecord] = []
        var after: Int64 = 0
        while true {
            let sql = SQL(
                """
                SELECT id, person_id, purpose, kind, source, policy_version, evidence, recorded_at
                FROM consent_ledger WHERE purpose = ? AND id > ? ORDER BY id LIMIT ?
                """,
                [.text(purpose), .integer(after), .integer(Int64(pageSize))])
            let rows = try await database.read { db in try await db.query(sql) }
            out += try rows.map(Self.record)
            guard rows.count == pageSize, let last = rows.last else { return out }
            after = try last.int("id")
        }
    }
}
