import CustodianCore

extension RiskyURLStore {
    /// Imports a block list as one transaction: new values are added, values this source already
    /// lists in this category are refreshed (last seen, confidence, expiry). Values the list no
    /// longer names are kept; expiry ages them out. Every listing touched gets a history row with
    /// the import's id; the import is audited once (`risk.url.import`) with its counts and the
    /// file's digest.
    public func importListings(
        _ drafts: [RiskyURLDraft], source: String, category: RiskyURLCategory, format: String, digest: String, linesRead: Int, skipped: Int,
        actor: String, requestId: String? = nil
    ) async throws -> RiskyURLImportSummary {
        let time = now()
        let importId = Identifiers.make()
        return try await database.write { [audit] tx in
            // What this source already lists, by match, value and category.
            var known: [String: String] = [:]
            for row in try await tx.query(SQL("SELECT id, match_kind, value, category FROM risky_urls WHERE source = ?", [.text(source)])) {
                known[try row.text("match_kind") + " " + row.text("category") + " " + row.text("value")] = try row.text("id")
            }
            var inserts: [[SQLValue]] = []
            var updates: [[SQLValue]] = []
            var history: [[SQLValue]] = []
            var seen: Set<String> = []
            for draft in drafts {
                let key = draft.match.rawValue + " " + draft.category.rawValue + " " + draft.value
                guard seen.insert(key).inserted else { continue }
                if let id = known[key] {
                    updates.append([.real(draft.confidence), draft.expiresAt.sqlValue, .integer(time), .text(actor), .text(importId), .integer(time), .text(id)])
                    history.append([.text(id), .text("imported"), .text(actor), .text(importId), .integer(time), .text("{\"change\":\"updated\"}")])
                } else {
                    let record = RiskyURLRecord(
                        id: Identifiers.make(), match: draft.match, value: draft.value, category: draft.category, source: source,
                        confidence: draft.confidence, firstSeen: draft.firstSeen ?? time, lastSeen: time, expiresAt: draft.expiresAt, flaggedBy: actor,
                        updatedBy: actor, importId: importId, createdAt: time, updatedAt: time)
                    inserts.append(Self.binds(record))
                    history.append([.text(record.id), .text("imported"), .text(actor), .text(importId), .integer(time), .text("{\"change\":\"added\"}")])
                }
            }
            if !inserts.isEmpty {
                try await tx.executeMany("INSERT INTO risky_urls (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts)
            }
            if !updates.isEmpty {
                try await tx.executeMany(
                    "UPDATE risky_urls SET confidence = ?, expires_at = ?, last_seen = ?, updated_by = ?, import_id = ?, updated_at = ? WHERE id = ?", updates)
            }
            if !history.isEmpty {
                try await tx.executeMany("INSERT INTO risky_url_history (listing_id, action, actor, import_id, at, details) VALUES (?, ?, ?, ?, ?, ?)", history)
            }
            let summary = RiskyURLImportSummary(
                id: importId, source: source, category: category, format: format, linesRead: linesRead, added: inserts.count, updated: updates.count,
                skipped: skipped + (drafts.count - seen.count), at: time)
            try await tx.execute(SQL(
                """
                INSERT INTO risky_url_imports (id, source, category, format, actor, digest, lines_read, added, updated, skipped, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(importId), .text(source), .text(category.rawValue), .text(format), .text(actor), .text(digest), .integer(Int64(linesRead)),
                 .integer(Int64(summary.added)), .integer(Int64(summary.updated)), .integer(Int64(summary.skipped)), .integer(time)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "risk.url.import", requestId: requestId,
                details: [
                    "import": importId, "source": source, "category": category.rawValue, "format": format, "digest": digest,
                    "added": String(summary.added), "updated": String(summary.updated), "skipped": String(summary.skipped),
                ])], in: tx)
            return summary
        }
    }

    /// Imports done so far, newest first.
    public func imports(limit: Int = 50) async throws -> [RiskyURLImportSummary] {
        try await database.read { db in
            try await db.query(SQL(
                "SELECT id, source, category, format, lines_read, added, updated, skipped, at FROM risky_url_imports ORDER BY at DESC, id DESC LIMIT ?",
                [.integer(Int64(limit))]
            )).map { row in
                RiskyURLImportSummary(
                    id: try row.text("id"), source: try row.text("source"), category: RiskyURLCategory(rawValue: try row.text("category")) ?? .spam,
                    format: try row.text("format"), linesRead: Int(try row.int("lines_read")), added: Int(try row.int("added")),
                    updated: Int(try row.int("updated")), skipped: Int(try row.int("skipped")), at: try row.int("at"))
            }
        }
    }
}
