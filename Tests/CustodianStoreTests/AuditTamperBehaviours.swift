import CustodianCore
@testable import CustodianStore
import Testing

/// Tampering with the raw audit table, as someone with database access could; `verify` must
/// find each kind and name the first entry affected.
enum AuditTamperBehaviours {
    enum Tampering: String, CaseIterable, Sendable, CustomStringConvertible {
        case update, deleteMiddle, deleteLast, insertAtEnd, insertInMiddle, swap
        var description: String { rawValue }

        /// The entry `verify` must name.
        var brokenAt: Int64 {
            switch self {
            case .update: 4
            case .deleteMiddle: 4
            case .deleteLast: 10
            case .insertAtEnd: 11
            // The forged entry 7 is itself well-formed; the chain breaks at the entry after it.
            case .insertInMiddle: 8
            case .swap: 3
            }
        }
    }

    static func detects(_ tampering: Tampering, on engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            try await repositories.audit.record((1...10).map { AuditEvent(actor: "test", action: "event-\($0)", subject: "s\($0)") })
            guard case .intact = try await repositories.audit.verify() else {
                Issue.record("chain not intact before tampering")
                return
            }
            try await tamper(tampering, database: store.database)
            guard case .broken(let failure) = try await repositories.audit.verify() else {
                Issue.record("\(tampering) was not detected")
                return
            }
            #expect(failure.entry == tampering.brokenAt, "\(failure)")
        }
    }

    static func tamper(_ tampering: Tampering, database: any SQLDatabase) async throws {
        try await database.write { tx in
            // An attacker with database access can drop the append-only triggers first.
            switch database.dialect {
            case .sqlite:
                try await tx.execute(SQL("DROP TRIGGER audit_log_no_update"))
                try await tx.execute(SQL("DROP TRIGGER audit_log_no_delete"))
            case .postgres:
                try await tx.execute(SQL("DROP TRIGGER audit_log_no_change ON audit_log"))
            }
            switch tampering {
            case .update:
                try await tx.execute(SQL("UPDATE audit_log SET subject = 'someone-else' WHERE seq = 4"))
            case .deleteMiddle:
                try await tx.execute(SQL("DELETE FROM audit_log WHERE seq = 4"))
            case .deleteLast:
                try await tx.execute(SQL("DELETE FROM audit_log WHERE seq = 10"))
            case .insertAtEnd:
                // A well-formed entry, correctly chained, added without moving the head.
                let last = try #require(try await tx.first(SQL("SELECT hash FROM audit_log WHERE seq = 10")))
                let forged = AuditChain.link(AuditEvent(actor: "intruder", action: "forged"), seq: 11, at: 0, prevHash: try last.blob("hash"))
                try await insert(forged, tx)
            case .insertInMiddle:
                try await tx.execute(SQL("UPDATE audit_log SET seq = seq + 1000 WHERE seq > 6"))
                try await tx.execute(SQL("UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000"))
                let previous = try #require(try await tx.first(SQL("SELECT hash FROM audit_log WHERE seq = 6")))
                let forged = AuditChain.link(AuditEvent(actor: "intruder", action: "forged"), seq: 7, at: 0, prevHash: try previous.blob("hash"))
                try await insert(forged, tx)
            case .swap:
                let third = try #require(try await tx.first(SQL("SELECT * FROM audit_log WHERE seq = 3")))
                let fourth = try #require(try await tx.first(SQL("SELECT * FROM audit_log WHERE seq = 4")))
                try await tx.execute(SQL("DELETE FROM audit_log WHERE seq IN (3, 4)"))
                var moved = try AuditLog.entry(fourth)
                moved.seq = 3
                try await insert(moved, tx)
                moved = try AuditLog.entry(third)
                moved.seq = 4
                try await insert(moved, tx)
            }
        }
    }

    static func insert(_ entry: AuditEntry, _ tx: any SQLExecutor) async throws {
        try await tx.execute(SQL(
            "INSERT INTO audit_log (seq, at, actor, action, subject, purpose, categories, outcome, request_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(entry.seq), .integer(entry.at), .text(entry.actor), .text(entry.action), entry.subject.sqlValue,
                entry.purpose.sqlValue, .text(entry.categories.joined(separator: ",")), .text(entry.outcome),
                entry.requestId.sqlValue, .text(entry.details), .blob(entry.prevHash), .blob(entry.hash),
            ]
        ))
    }
}

@Suite("Audit tampering on SQLite")
struct SQLiteAuditTamperTests {
    @Test(arguments: AuditTamperBehaviours.Tampering.allCases)
    func verifyNamesTheTamperedEntry(_ tampering: AuditTamperBehaviours.Tampering) async throws {
        try await AuditTamperBehaviours.detects(tampering, on: .sqlite)
    }
}

@Suite("Audit tampering on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct PostgresAuditTamperTests {
    @Test(arguments: AuditTamperBehaviours.Tampering.allCases)
    func verifyNamesTheTamperedEntry(_ tampering: AuditTamperBehaviours.Tampering) async throws {
        try await AuditTamperBehaviours.detects(tampering, on: .postgres)
    }
}
