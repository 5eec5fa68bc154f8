import CustodianCore
import Foundation

/// The risky-URL registry: URLs, hosts and domains flagged as phishing, malware, scam or spam,
/// with their source, confidence, first and last sighting and expiry, and a history of who
/// flagged, refreshed, imported or removed each listing.
///
/// Every change is also audited (`risk.url.flag`, `risk.url.remove`, `risk.url.import`) with the
/// listing's id, category and source, not its value: a phishing URL may carry a victim's address.
public final class RiskyURLStore: Sendable {
    let database: any SQLDatabase
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.audit = audit
        self.now = now
    }

    static let columns = "id, match_kind, value, category, source, confidence, first_seen, last_seen, expires_at, flagged_by, updated_by, import_id, created_at, updated_at"

    /// Flags a value, or refreshes the listing of the same value, category and source (last seen,
    /// confidence, expiry). Returns the listing and whether it is new.
    public func flag(_ draft: RiskyURLDraft, actor: String, requestId: String? = nil) async throws -> (record: RiskyURLRecord, created: Bool) {
        let time = now()
        return try await database.write { [audit] tx in
            let existing = try await tx.first(SQL(
                "SELECT \(Self.columns) FROM risky_urls WHERE match_kind = ? AND value = ? AND category = ? AND source = ?",
                [.text(draft.match.rawValue), .text(draft.value), .text(draft.category.rawValue), .text(draft.source)]
            )).map(Self.record)
            let record: RiskyURLRecord
            if var found = existing {
                found.confidence = draft.confidence
                found.expiresAt = draft.expiresAt
                found.lastSeen = time
                found.updatedBy = actor
                found.updatedAt = time
                found.importId = nil
                try await tx.execute(SQL(
                    "UPDATE risky_urls SET confidence = ?, expires_at = ?, last_seen = ?, updated_by = ?, import_id = NULL, updated_at = ? WHERE id = ?",
                    [.real(found.confidence), found.expiresAt.sqlValue, .integer(time), .text(actor), .integer(time), .text(found.id)]))
                record = found
            } else {
                record = RiskyURLRecord(
                    id: Identifiers.make(), match: draft.match, value: draft.value, category: draft.category, source: draft.source,
                    confidence: draft.confidence, firstSeen: draft.firstSeen ?? time, lastSeen: time, expiresAt: draft.expiresAt, flaggedBy: actor,
                    updatedBy: actor, importId: nil, createdAt: time, updatedAt: time)
                try await tx.execute(SQL("INSERT INTO risky_urls (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Self.binds(record)))
            }
            let action = existing == nil ? "flagged" : "updated"
            try await tx.execute(SQL(
                "INSERT INTO risky_url_history (listing_id, action, actor, import_id, at, details) VALUES (?, ?, ?, NULL, ?, ?)",
                [.text(record.id), .text(action), .text(actor), .integer(time), .text(Self.json(["confidence": String(record.confidence)]))]))
            try await audit.append([AuditEvent(
                actor: actor, action: "risk.url.flag", requestId: requestId,
                details: ["listing": record.id, "match": record.match.rawValue, "category": record.category.rawValue, "source": record.source, "change": action]
            )], in: tx)
            return (record, existing == nil)
        }
    }

    /// Removes a listing (its history stays); false when there is none with this id.
    public func remove(_ id: String, actor: String, requestId: String? = nil) async throws -> Bool {
        let time = now()
        return try await database.write { [audit] tx in
            guard let record = try await tx.first(SQL("SELECT \(Self.columns) FROM risky_urls WHERE id = ?", [.text(id)])).map(Self.record) else { return false }
            try await tx.execute(SQL("DELETE FROM risky_urls WHERE id = ?", [.text(id)]))
            try await tx.execute(SQL(
                "INSERT INTO risky_url_history (listing_id, action, actor, import_id, at, details) VALUES (?, 'removed', ?, NULL, ?, '{}')",
                [.text(id), .text(actor), .integer(time)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "risk.url.remove", requestId: requestId,
                details: ["listing": id, "category": record.category.rawValue, "source": record.source])], in: tx)
            return true
        }
    }

    /// The listing with this id.
    public func record(_ id: String) async throws -> RiskyURLRecord? {
        try await database.read { db in try await db.first(SQL("SELECT \(Self.columns) FROM risky_urls WHERE id = ?", [.text(id)])).map(Self.record) }
    }

    /// Listings newest first, `limit` after `cursor`, optionally of one kind of match, category,
    /// source or exact value.
    public func list(
        match: RiskyURLMatch? = nil, category: RiskyURLCategory? = nil, source: String? = nil, value: String? = nil, limit: Int, after cursor: PageCursor? = nil
    ) async throws -> [RiskyURLRecord] {
        let page = PageCursor.condition(cursor)
        var conditions = [page.sql]
        var binds = page.binds
        for (column, given) in [("match_kind", match?.rawValue), ("category", category?.rawValue), ("source", source), ("value", value)] {
            guard let given else { continue }
            conditions.append("\(column) = ?")
            binds.append(.text(given))
        }
        binds.append(.integer(Int64(limit)))
        let sql = SQL(
            "SELECT \(Self.columns) FROM risky_urls WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at DESC, id DESC LIMIT ?", binds)
        return try await database.read { db in try await db.query(sql).map(Self.record) }
    }

    /// Who did what to a listing, oldest first (also after it was removed).
    public func history(_ id: String) async throws -> [RiskyURLHistoryEntry] {
        try await database.read { db in
            try await db.query(SQL("SELECT action, actor, import_id, at, details FROM risky_url_history WHERE listing_id = ? ORDER BY id", [.text(id)])).map { row in
                let details = (try? JSONSerialization.jsonObject(with: Data(try row.text("details").utf8))) as? [String: String] ?? [:]
                return RiskyURLHistoryEntry(
                    action: try row.text("action"), actor: try row.text("actor"), importId: try row.optionalText("import_id"), at: try row.int("at"),
                    details: details)
            }
        }
    }

    /// Every listing in force at `now` (not expired), as the URL analysis indexes them.
    public func activeListings(at now: Int64) async throws -> [RiskyURLListing] {
        try await database.read { db in
            try await db.query(SQL("SELECT \(Self.columns) FROM risky_urls WHERE expires_at IS NULL OR expires_at > ?", [.integer(now)])).map { try Self.record($0).listing }
        }
    }

    /// Changes to the registry leave this different (count and latest change), so a node can
    /// tell cheaply whether to reload; removals change the history's length.
    public func changeMark() async throws -> String {
        try await database.read { db in
            let listings = try await db.first(SQL("SELECT COUNT(*) AS n, MAX(updated_at) AS latest FROM risky_urls"))
            let history = try await db.first(SQL("SELECT MAX(id) AS latest FROM risky_url_history"))
            return "\(try listings?.int("n") ?? 0)/\(try listings?.optionalInt("latest") ?? 0)/\(try history?.optionalInt("latest") ?? 0)"
        }
    }

    // MARK: - rows

    static func record(_ row: SQLRow) throws -> RiskyURLRecord {
        guard let match = RiskyURLMatch(rawValue: try row.text("match_kind")), let category = RiskyURLCategory(rawValue: try row.text("category")) else {
            throw StoreError.corrupt("unknown risky URL match or category")
        }
        return RiskyURLRecord(
            id: try row.text("id"), match: match, value: try row.text("value"), category: category, source: try row.text("source"),
            confidence: try row.optionalDouble("confidence") ?? 0, firstSeen: try row.int("first_seen"), lastSeen: try row.int("last_seen"),
            expiresAt: try row.optionalInt("expires_at"), flaggedBy: try row.text("flagged_by"), updatedBy: try row.text("updated_by"),
            importId: try row.optionalText("import_id"), createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
    }

    static func binds(_ record: RiskyURLRecord) -> [SQLValue] {
        [.text(record.id), .text(record.match.rawValue), .text(record.value), .text(record.category.rawValue), .text(record.source),
         .real(record.confidence), .integer(record.firstSeen), .integer(record.lastSeen), record.expiresAt.sqlValue, .text(record.flaggedBy),
         .text(record.updatedBy), record.importId.sqlValue, .integer(record.createdAt), .integer(record.updatedAt)]
    }

    static func json(_ object: [String: String]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
