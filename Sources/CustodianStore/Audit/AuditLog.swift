import CustodianCore
import Foundation

/// The outcome of verifying the audit chain.
public enum AuditVerification: Sendable, Equatable {
    case intact(entries: Int64, head: [UInt8])
    case broken(AuditChainVerifier.Break)
}

/// The append-only, hash-chained audit log.
///
/// Appends lock the chain head (`audit_head`) inside the writing transaction, so the chain stays
/// total under concurrent requests and across several server processes on one PostgreSQL.
public final class AuditLog: Sendable {
    let database: any SQLDatabase
    let now: @Sendable () -> Int64
    private let committer: GroupCommit<AuditEvent, AuditEntry>

    public init(database: any SQLDatabase, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.now = now
        self.committer = GroupCommit(maxBatch: 2_000) { [database, now] events in
            try await database.write { tx in try await AuditLog.append(events, in: tx, dialect: database.dialect, at: now()) }
        }
    }

    /// Records one event, batched with concurrent ones; returns once it is durable.
    @discardableResult
    public func record(_ event: AuditEvent) async throws -> AuditEntry {
        try await committer.submit(event)
    }

    /// Records several events in one transaction.
    @discardableResult
    public func record(_ events: [AuditEvent]) async throws -> [AuditEntry] {
        let at = now()
        return try await database.write { [database] tx in try await AuditLog.append(events, in: tx, dialect: database.dialect, at: at) }
    }

    /// Appends events inside the caller's transaction, so a change and its audit entry commit
    /// together or not at all.
    @discardableResult
    public func append(_ events: [AuditEvent], in tx: any SQLExecutor) async throws -> [AuditEntry] {
        try await Self.append(events, in: tx, dialect: database.dialect, at: now())
    }

    static func append(_ events: [AuditEvent], in tx: any SQLExecutor, dialect: SQLDialect, at: Int64) async throws -> [AuditEntry] {
        guard !events.isEmpty else { return [] }
        guard let head = try await tx.first(SQL("SELECT seq, hash FROM audit_head WHERE id = 1" + dialect.forUpdate)) else {
            throw StoreError.corrupt("the audit chain head is missing")
        }
        var seq = try head.int("seq")
        var previous = try head.blob("hash")
        var entries: [AuditEntry] = []
        entries.reserveCapacity(events.count)
        for event in events {
            seq += 1
            let entry = AuditChain.link(event, seq: seq, at: at, prevHash: previous)
            previous = entry.hash
            entries.append(entry)
        }
        try await tx.executeMany(
            """
            INSERT INTO audit_log (seq, at, actor, action, subject, purpose, categories, outcome, request_id, details, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            entries.map { entry in
                [
                    .integer(entry.seq), .integer(entry.at), .text(entry.actor), .text(entry.action),
                    entry.subject.sqlValue, entry.purpose.sqlValue, .text(entry.categories.joined(separator: ",")),
                    .text(entry.outcome), entry.requestId.sqlValue, .text(entry.details),
                    .blob(entry.prevHash), .blob(entry.hash),
                ]
            }
        )
        try await tx.execute(SQL("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", [.integer(seq), .blob(previous)]))
        return entries
    }

    /// The number of entries and the hash of the last, for anchoring the chain elsewhere.
    public func head() async throws -> AuditChainVerifier.Head? {
        try await database.read { db in try await Self.readHead(db) }
    }

    /// Entries in order of position, `limit` at a time from `after`.
    public func entries(after: Int64 = 0, limit: Int = 100) async throws -> [AuditEntry] {
        try await database.read { db in
            try await db.query(SQL(
                "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                [.integer(after), .integer(Int64(limit))]
            )).map(Self.entry)
        }
    }


    /// Walks the whole chain and checks every link, content hash and the recorded head.
    ///
    /// Appends may go on meanwhile: the chain is checked up to the head read first, and an entry
    /// stored beyond the head read last counts as appended outside the log.
    public func verify(pageSize: Int = 5_000) async throws -> AuditVerification {
        try await database.read { db in
            var verifier = AuditChainVerifier()
            let head = try await Self.readHead(db)
            let limit = head?.seq ?? 0
            var after: Int64 = 0
            var lastHash = AuditChain.genesis
            while after < limit {
                let rows = try await db.query(SQL(
                    "SELECT * FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                    [.integer(after), .integer(limit), .integer(Int64(pageSize))]
                ))
                for row in rows {
                    let entry = try Self.entry(row)
                    if let failure = verifier.consume(entry) { return .broken(failure) }
                    after = entry.seq
                    lastHash = entry.hash
                }
                if rows.isEmpty { break }
            }
            if let failure = verifier.finish(head: head) { return .broken(failure) }
            // Read the largest position before the head: an honest append moves both together.
            let stored = try await db.first(SQL("SELECT MAX(seq) AS seq FROM audit_log"))?.optionalInt("seq") ?? 0
            let current = try await Self.readHead(db)?.seq ?? 0
            if stored > current {
                return .broken(.init(entry: current + 1, reason: "entry was appended outside the log (the chain head records \(current) entries)"))
            }
            return .intact(entries: verifier.count, head: lastHash)
        }
    }

    static func readHead(_ db: any SQLExecutor) async throws -> AuditChainVerifier.Head? {
        guard let row = try await db.first(SQL("SELECT seq, hash FROM audit_head WHERE id = 1")) else { return nil }
        return AuditChainVerifier.Head(seq: try row.int("seq"), hash: try row.blob("hash"))
    }

    static func entry(_ row: SQLRow) throws -> AuditEntry {
        let categories = try row.text("categories")
        return AuditEntry(
            seq: try row.int("seq"), at: try row.int("at"), actor: try row.text("actor"),
            action: try row.text("action"), subject: try row.optionalText("subject"),
            purpose: try row.optionalText("purpose"),
            categories: categories.isEmpty ? [] : categories.split(separator: ",").map(String.init),
            outcome: try row.text("outcome"), requestId: try row.optionalText("request_id"),
            details: try row.text("details"), prevHash: try row.blob("prev_hash"), hash: try row.blob("hash")
        )
    }
}
