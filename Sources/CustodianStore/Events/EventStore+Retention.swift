import CustodianCore
import Foundation
import Logging
import ServiceLifecycle

/// What one retention pass did.
public struct EventExpiry: Sendable, Equatable {
    /// Rows deleted (SQLite, PostgreSQL's default partition).
    public var rowsDeleted = 0
    /// Monthly partitions dropped (PostgreSQL).
    public var partitionsDropped: [String] = []
    /// Parts cleared, by field.
    public var cleared: [EventField: Int] = [:]
    /// Visitors' day keys shredded.
    public var keysShredded = 0
}

extension EventStore {
    /// The columns holding each part of an event.
    static func columns(of field: EventField) -> [String] {
        switch field {
        case .ipAddress: ["ip_sealed"]
        case .network: ["ip_truncated", "country"]
        case .device: ["browser_family", "browser_major", "os_family", "os_major", "device_type", "device_brand", "device_model", "screen", "timezone", "app"]
        case .deviceId: ["device_id_sealed", "device_digest"]
        case .cookieId: ["anonymous_digest"]
        case .language: ["language"]
        case .location: ["latitude", "longitude"]
        case .behaviour: ["name", "url", "referrer", "title", "properties"]
        }
    }

    /// Applies `plan` as of `time`: drops or deletes expired rows, clears expired parts, shreds
    /// visitors' day keys whose identifiers have expired.
    public func expire(_ plan: EventRetentionPlan, at time: Int64) async throws -> EventExpiry {
        var report = EventExpiry()
        let dialect = database.dialect
        if dialect == .postgres { try await preparePartitions(around: time) }
        if let lifetime = plan.rowLifetime {
            let cutoff = time - lifetime
            if dialect == .postgres {
                report.partitionsDropped = try await dropPartitions(endingBy: cutoff)
                try await database.write { tx in
                    try await tx.execute(SQL("DELETE FROM event_receipts WHERE received_at < ?", [.integer(cutoff)]))
                }
            }
            report.rowsDeleted = try await chunked(
                sqlite: "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE received_at < ? LIMIT 5000)",
                postgres: "WITH gone AS (DELETE FROM events WHERE received_at < ? RETURNING 1) SELECT COUNT(*) AS n FROM gone", [.integer(cutoff)])
        }
        for (field, lifetime) in plan.shorter.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let cutoff = time - lifetime
            let bit = Int64(EventFieldSet(field).rawValue)
            let assignments = (Self.columns(of: field).map { "\($0) = NULL" } + ["fields = fields & \(~bit & 0xFFFF)"]).joined(separator: ", ")
            let condition = "received_at < ? AND (fields & \(bit)) <> 0"
            report.cleared[field] = try await chunked(
                sqlite: "UPDATE events SET \(assignments) WHERE rowid IN (SELECT rowid FROM events WHERE \(condition) LIMIT 5000)",
                postgres: "WITH gone AS (UPDATE events SET \(assignments) WHERE \(condition) RETURNING 1) SELECT COUNT(*) AS n FROM gone",
                [.integer(cutoff)])
        }
        if let lifetime = plan.visitorKeyLifetime {
            // Day keys are named by day; a key is shredded once its whole day has passed the cutoff.
            let cutoffDay = Self.visitorSubject(day: time - lifetime)
            let subjects = try await database.write { [keyring] tx -> [String] in
                let rows = try await tx.query(SQL(
                    "SELECT person_id FROM person_keys WHERE person_id LIKE 'visitors:%' AND person_id < ?", [.text(cutoffDay)]))
                let subjects = try rows.map { try $0.text("person_id") }
                for subject in subjects { try await keyring.shred(subject, in: tx) }
                return subjects
            }
            report.keysShredded = subjects.count
        }
        return report
    }

    /// Runs a statement and returns the rows it touched. On SQLite it runs in chunks until a
    /// chunk comes back short, so the single writer is never held for long; `postgres` is one
    /// statement that answers the count as `n`.
    private func chunked(sqlite: String, postgres: String, _ binds: [SQLValue]) async throws -> Int {
        if database.dialect == .postgres {
            let count = try await database.write { tx in try await tx.first(SQL(postgres, binds))?.int("n") }
            return Int(count ?? 0)
        }
        var total = 0
        while true {
            let touched = try await database.write { tx -> Int in
                try await tx.execute(SQL(sqlite, binds))
                return Int(try await tx.first(SQL("SELECT changes() AS n"))?.int("n") ?? 0)
            }
            total += touched
            if touched < 5000 { return total }
        }
    }

    // MARK: - PostgreSQL partitions

    static func partitionName(year: Int, month: Int) -> String {
        "events_p\(year)\(month < 10 ? "0" : "")\(month)"
    }

    /// Creates the monthly partitions for the month of `time` and the next two. Rows that arrive
    /// when none fits (the server was down for months) land in the default partition, which
    /// retention also clears.
    public func preparePartitions(around time: Int64) async throws {
        guard database.dialect == .postgres else { return }
        var (year, month) = ISOTimestamp.yearMonth(of: time)
        for _ in 0..<3 {
            let (nextYear, nextMonth) = month == 12 ? (year + 1, 1) : (year, month + 1)
            let name = Self.partitionName(year: year, month: month)
            let from = ISOTimestamp.monthStart(year: year, month: month)
            let to = ISOTimestamp.monthStart(year: nextYear, month: nextMonth)
            do {
                try await database.write { tx in
                    try await tx.execute(SQL("CREATE TABLE IF NOT EXISTS \(name) PARTITION OF events FOR VALUES FROM (\(from)) TO (\(to))"))
                }
            } catch {
                // Another node created it first, or the default partition holds rows of that month.
            }
            (year, month) = (nextYear, nextMonth)
        }
    }

    /// Drops monthly partitions whose whole month lies before `cutoff`.
    func dropPartitions(endingBy cutoff: Int64) async throws -> [String] {
        let names = try await database.read { db in
            try await db.query(SQL(
                "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass"))
                .map { try $0.text("name") }
        }
        var dropped: [String] = []
        for name in names.sorted() where name.hasPrefix("events_p") && name.count == 14 {
            let digits = name.dropFirst(8)
            guard let year = Int(digits.prefix(4)), let month = Int(digits.suffix(2)), (1...12).contains(month) else { continue }
            let end = month == 12 ? ISOTimestamp.monthStart(year: year + 1, month: 1) : ISOTimestamp.monthStart(year: year, month: month + 1)
            guard end <= cutoff else { continue }
            try await database.write { tx in try await tx.execute(SQL("DROP TABLE IF EXISTS \(name)")) }
            dropped.append(name)
        }
        return dropped
    }
}

/// Enforces the policy's retention on collected events: a pass shortly after start-up, then one
/// every `interval`, until graceful shutdown.
public struct EventRetentionService: Service {
    let events: EventStore
    let plan: EventRetentionPlan
    let interval: Duration
    let logger: Logger

    public init(events: EventStore, plan: EventRetentionPlan, interval: Duration = .seconds(3600), logger: Logger) {
        self.events = events
        self.plan = plan
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try? await Task.sleep(for: .seconds(5))
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                let report = try await events.expire(plan, at: events.now())
                logger.info("event retention pass", metadata: [
                    "custodian.events.deleted": .stringConvertible(report.rowsDeleted),
                    "custodian.events.partitions_dropped": .stringConvertible(report.partitionsDropped.count),
                    "custodian.events.cleared": .stringConvertible(report.cleared.values.reduce(0, +)),
                    "custodian.events.keys_shredded": .stringConvertible(report.keysShredded),
                ])
            } catch {
                logger.error("event retention pass failed", metadata: ["custodian.error": .string(String(describing: type(of: error)))])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
