import Crypto
import CustodianCore
import Foundation

/// Out-of-scope records (the policy's exclusions): stored apart from people's attributes, not
/// read through the purpose gate (the policy does not govern them), but listed in the person's
/// access export, marked as such.
///
/// Each record's fields are sealed with a data key of its own (`out-of-scope:<id>`), not the
/// person's: a record the policy keeps after erasure must still open once the person's key is
/// shredded, and a record erased with the person is shredded by its own key.
public final class OutOfScopeStore: Sendable {
    let database: any SQLDatabase
    let keyring: Keyring
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, keyring: Keyring, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.keyring = keyring
        self.audit = audit
        self.now = now
    }

    static func keySubject(_ id: String) -> String { "out-of-scope:\(id)" }
    static func sealedField(_ id: String) -> String { "out-of-scope/\(id)/fields" }

    /// Stores a record, audited (`out_of_scope.create`). Throws `StoreError.notFound` when the
    /// person it names does not exist.
    public func create(_ draft: OutOfScopeDraft, actor: String, requestId: String? = nil) async throws -> OutOfScopeRecord {
        let id = Identifiers.make()
        let time = now()
        let record = OutOfScopeRecord(
            id: id, exclusion: draft.exclusion.key, kind: draft.exclusion.kind, personId: draft.personId, source: draft.source,
            fields: draft.fields, occurredAt: draft.occurredAt ?? time, createdAt: time, detachedAt: nil)
        try await database.write { [keyring, audit] tx in
            if let person = draft.personId, try await tx.first(SQL("SELECT id FROM people WHERE id = ?", [.text(person)])) == nil {
                throw StoreError.notFound
            }
            let key = try await keyring.createDataKey(for: Self.keySubject(id), in: tx, now: time)
            try await tx.execute(SQL(
                """
                INSERT INTO out_of_scope_records (id, exclusion, kind, person_id, source, sealed, occurred_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(id), .text(record.exclusion), .text(record.kind.rawValue), record.personId.sqlValue, .text(record.source),
                    .blob(try Self.seal(record.fields, id: id, key: key)), .integer(record.occurredAt), .integer(time),
                ]))
            try await audit.append([AuditEvent(
                actor: actor, action: "out_of_scope.create", subject: record.personId, categories: draft.exclusion.categories,
                requestId: requestId, details: ["record": id, "exclusion": record.exclusion])], in: tx)
        }
        return record
    }

    /// Every out-of-scope record about `person`, oldest first: the section of their access export.
    public func records(for person: String) async throws -> [OutOfScopeRecord] {
        try await query("person_id = ?", [.text(person)], order: "occurred_at, id", limit: 100_000)
    }

    /// Records newest first, optionally of one exclusion kind, `limit` before `before` (a time).
    public func list(kind: ExclusionKind? = nil, limit: Int = 100, before: Int64? = nil) async throws -> [OutOfScopeRecord] {
        var conditions = ["1 = 1"]
        var binds: [SQLValue] = []
        if let kind { conditions.append("kind = ?"); binds.append(.text(kind.rawValue)) }
        if let before { conditions.append("occurred_at < ?"); binds.append(.integer(before)) }
        return try await query(conditions.joined(separator: " AND "), binds, order: "occurred_at DESC, id DESC", limit: limit)
    }

    /// The record with this id.
    public func record(_ id: String) async throws -> OutOfScopeRecord? {
        try await query("id = ?", [.text(id)], order: "id", limit: 1).first
    }

    /// Erases one record by shredding its key, audited; false when there is no such record.
    public func erase(_ id: String, actor: String, requestId: String? = nil) async throws -> Bool {
        let erased = try await database.write { [keyring, audit] tx -> Bool in
            guard let row = try await tx.first(SQL("SELECT person_id FROM out_of_scope_records WHERE id = ?", [.text(id)])) else { return false }
            try await keyring.shred(Self.keySubject(id), in: tx)
            try await tx.execute(SQL("DELETE FROM out_of_scope_records WHERE id = ?", [.text(id)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "out_of_scope.erase", subject: try row.optionalText("person_id"), requestId: requestId,
                details: ["record": id])], in: tx)
            return true
        }
        if erased, let sqlite = database as? SQLiteDatabase { try await sqlite.checkpoint() }
        return erased
    }

    /// Applies the policy to `person`'s records inside their erasure's transaction: records of an
    /// exclusion in `keeping` are detached — the link to the person cut, identifying fields
    /// dropped, the person's name, email and phone scrubbed from what remains — and the rest are
    /// shredded and deleted.
    /// - Parameter identifiers: opens the person's identifiers; called only if a record is kept.
    static func applyErasure(
        of person: String, keeping: Set<String>, keyring: Keyring, in tx: any SQLExecutor, at time: Int64,
        identifiers: () async throws -> IdentifierScrubber
    ) async throws -> OutOfScopeErasure {
        let rows = try await tx.query(SQL("SELECT id, exclusion, kind, sealed FROM out_of_scope_records WHERE person_id = ?", [.text(person)]))
        var report = OutOfScopeErasure()
        var scrubber: IdentifierScrubber?
        for row in rows {
            let id = try row.text("id")
            guard keeping.contains(try row.text("exclusion")), let kind = ExclusionKind(rawValue: try row.text("kind")) else {
                try await keyring.shred(keySubject(id), in: tx)
                try await tx.execute(SQL("DELETE FROM out_of_scope_records WHERE id = ?", [.text(id)]))
                report.erased += 1
                continue
            }
            if scrubber == nil { scrubber = try await identifiers() }
            guard let key = try await keyring.dataKey(for: keySubject(id), in: tx) else {
                throw StoreError.keyUnavailable("an out-of-scope record's key is missing")
            }
            let identifying = Set(OutOfScopeSchema.fields(of: kind).filter(\.identifying).map(\.name))
            var kept: [String: String] = [:]
            for (name, value) in try open(try row.blob("sealed"), id: id, key: key) where !identifying.contains(name) {
                kept[name] = scrubber?.scrub(value) ?? value
            }
            try await tx.execute(SQL(
                "UPDATE out_of_scope_records SET person_id = NULL, sealed = ?, detached_at = ? WHERE id = ?",
                [.blob(try seal(kept, id: id, key: key)), .integer(time), .text(id)]))
            report.detached += 1
        }
        return report
    }

    // MARK: - rows

    private func query(_ condition: String, _ binds: [SQLValue], order: String, limit: Int) async throws -> [OutOfScopeRecord] {
        try await database.read { [keyring] db in
            let rows = try await db.query(SQL(
                "SELECT * FROM out_of_scope_records WHERE \(condition) ORDER BY \(order) LIMIT ?", binds + [.integer(Int64(limit))]))
            var records: [OutOfScopeRecord] = []
            for row in rows {
                let id = try row.text("id")
                guard let kind = ExclusionKind(rawValue: try row.text("kind")) else { throw StoreError.corrupt("an out-of-scope record has an unknown kind") }
                // Reads are statement by statement on SQLite: a record erased since its row was
                // read has lost its key, and is gone.
                guard let key = try await keyring.dataKey(for: Self.keySubject(id), in: db) else { continue }
                records.append(OutOfScopeRecord(
                    id: id, exclusion: try row.text("exclusion"), kind: kind, personId: try row.optionalText("person_id"),
                    source: try row.text("source"), fields: try Self.open(try row.blob("sealed"), id: id, key: key),
                    occurredAt: try row.int("occurred_at"), createdAt: try row.int("created_at"), detachedAt: try row.optionalInt("detached_at")))
            }
            return records
        }
    }

    static func seal(_ fields: [String: String], id: String, key: SealingKey) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return FieldCipher.seal(Array(try encoder.encode(fields)), key: key, subject: keySubject(id), field: sealedField(id))
    }

    static func open(_ sealed: [UInt8], id: String, key: SealingKey) throws -> [String: String] {
        let plain: [UInt8]
        do {
            plain = try FieldCipher.open(sealed, key: key, subject: keySubject(id), field: sealedField(id))
        } catch {
            throw StoreError.keyUnavailable("an out-of-scope record does not open")
        }
        do {
            return try JSONDecoder().decode([String: String].self, from: Data(plain))
        } catch {
            throw StoreError.corrupt("an out-of-scope record is not a field map")
        }
    }
}
