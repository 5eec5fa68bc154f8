import CustodianCore
import Foundation

/// Work that must commit with consent records, e.g. telling partners of a withdrawal: it runs in
/// the transaction that appends them, so neither can be lost without the other.
protocol ConsentAppendObserver: Sendable {
    func appended(_ records: [ConsentRecord], in tx: any SQLExecutor) async throws
}

/// The consent ledger in the database: append-only rows, read back per person in the order written.
///
/// Appends are group-committed, so many concurrent choices cost one transaction; each caller is
/// answered once its record is durable.
public final class ConsentLedgerStore: Sendable {
    let database: any SQLDatabase
    let observer: (any ConsentAppendObserver)?
    private let committer: GroupCommit<Append, Void>

    /// One record to append and the audit event that goes with it, if any.
    struct Append: Sendable {
        var record: ConsentRecord
        var audit: AuditEvent?
    }

    init(database: any SQLDatabase, audit: AuditLog, observer: (any ConsentAppendObserver)? = nil) {
        self.database = database
        self.observer = observer
        self.committer = GroupCommit(maxBatch: 1_000) { [database, audit, observer] batch in
            try await database.write { tx in
                try await Self.insert(batch.map(\.record), in: tx)
                try await audit.append(batch.compactMap(\.audit), in: tx)
                try await observer?.appended(batch.map(\.record), in: tx)
            }
            return batch.map { _ in () }
        }
    }

    /// Appends `record` (with `audit`, in the same transaction) and returns once it is durable.
    public func append(_ record: ConsentRecord, audit: AuditEvent? = nil) async throws {
        try await committer.submit(Append(record: record, audit: audit))
    }

    /// Appends several records in one transaction.
    public func append(_ records: [ConsentRecord]) async throws {
        guard !records.isEmpty else { return }
        try await database.write { [observer] tx in
            try await Self.insert(records, in: tx)
            try await observer?.appended(records, in: tx)
        }
    }

    /// Every record about `person`, in the order written.
    public func records(of person: String) async throws -> [ConsentRecord] {
        try await database.read { db in
            try await db.query(SQL(
                """
                SELECT person_id, purpose, kind, source, policy_version, evidence, recorded_at
                FROM consent_ledger WHERE person_id = ? ORDER BY id
                """,
                [.text(person)]
            )).map(Self.record)
        }
    }

    static func insert(_ records: [ConsentRecord], in tx: any SQLExecutor) async throws {
        try await tx.executeMany(
            """
            INSERT INTO consent_ledger (person_id, purpose, kind, source, policy_version, evidence, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            records.map { record in
                [
                    .text(record.personId), .text(record.purpose), .text(record.kind.rawValue), .text(record.source.rawValue),
                    .text(record.policyVersion), .text(Evidence.encode(record.evidence)),
                    .integer(Int64((record.recordedAt.timeIntervalSince1970 * 1000).rounded())),
                ]
            }
        )
    }

    static func record(_ row: SQLRow) throws -> ConsentRecord {
        guard let kind = ConsentEventKind(rawValue: try row.text("kind")),
              let source = ConsentSource(rawValue: try row.text("source"))
        else { throw StoreError.corrupt("a consent ledger row has an unknown kind or source") }
        return ConsentRecord(
            personId: try row.text("person_id"), purpose: try row.text("purpose"), kind: kind, source: source,
            policyVersion: try row.text("policy_version"),
            recordedAt: Date(timeIntervalSince1970: Double(try row.int("recorded_at")) / 1000),
            evidence: Evidence.decode(try row.text("evidence"))
        )
    }
}

/// Evidence maps stored as canonical JSON (sorted keys).
enum Evidence {
    static func encode(_ evidence: [String: String]) -> String {
        // Written by hand: a JSONEncoder per record cost more than the rest of a consent write.
        JSONText.sortedObject(evidence)
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
