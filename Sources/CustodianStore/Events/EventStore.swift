import Crypto
import CustodianCore
import Foundation
import Synchronization

/// One event ready to be written: where it came from, whose it is, and what may be stored.
public struct EventRecord: Sendable {
    /// The idempotency scope of `messageId`: the sending service, or the API key.
    public var source: String
    /// The person the event belongs to, when known.
    public var personId: String?
    public var event: EnrichedEvent

    public init(source: String, personId: String?, event: EnrichedEvent) {
        self.source = source
        self.personId = personId
        self.event = event
    }
}

/// Collected events: sealed where they identify (raw IP, device id), blind-indexed where they
/// link (anonymous and device ids), written through a bounded group commit.
///
/// Raw IP addresses and device ids are sealed with the person's data key when the event is
/// theirs (erasure shreds it), or with a data key per day of receipt for visitors' events
/// (`visitors:YYYY-MM-DD`), which retention shreds when the policy's IP retention has passed.
public final class EventStore: Sendable {
    let database: any SQLDatabase
    let keyring: Keyring
    let now: @Sendable () -> Int64
    let writer: GroupCommit<[[SQLValue]], Void>
    /// anonymous-id digest → person (or none), for events sent without a userId.
    private let links = Mutex<[[UInt8]: (person: String?, until: Int64)]>([:])
    static let linkCacheMillis: Int64 = 5_000
    /// anonymous id → its blind-index digest: a browser sends many requests, each would cost an
    /// HMAC (twice: for the link lookup and for the row). In memory only, bounded.
    private let anonymousDigests = Mutex<[String: [UInt8]]>([:])
    static let digestCacheLimit = 100_000

    /// - Parameter queueCapacity: the most events waiting to be written; beyond it ``append(_:)`` throws ``EventStoreError/busy``.
    init(database: any SQLDatabase, keyring: Keyring, now: @escaping @Sendable () -> Int64, queueCapacity: Int = 50_000) {
        self.database = database
        self.keyring = keyring
        self.now = now
        let insert = Self.insertStatement(database.dialect)
        let receipts = database.dialect == .postgres
        self.writer = GroupCommit(maxBatch: 5_000, capacity: queueCapacity, weigh: { $0.count }) { [database] batches in
            let rows = batches.flatMap { $0 }
            if receipts {
                try await database.write { tx in try await Self.insertNew(rows, statement: insert, in: tx) }
            } else {
                try await database.insertMany(insert, rows)
            }
            return batches.map { _ in () }
        }
    }

    /// Events waiting to be written.
    public var pending: Int { writer.pendingWeight }

    /// Seals, then writes `records` with whatever else is waiting, and returns once they are durable.
    /// A record whose (source, messageId) is already stored is skipped: retries are idempotent.
    /// - Throws: ``EventStoreError/busy`` when the write queue is full.
    public func append(_ records: [EventRecord]) async throws {
        guard !records.isEmpty else { return }
        let rows = try await self.rows(records)
        do {
            try await writer.submit(rows)
        } catch is GroupCommit<[[SQLValue]], Void>.Full {
            throw EventStoreError.busy
        }
    }

    static let columns = [
        "source", "message_id", "type", "person_id", "anonymous_digest", "device_digest", "seal_subject", "ip_sealed", "device_id_sealed",
        "ip_truncated", "country", "browser_family", "browser_major", "os_family", "os_major", "device_type", "device_brand",
        "device_model", "screen", "timezone", "app", "language", "latitude", "longitude", "name", "url", "referrer", "title",
        "properties", "bot", "fields", "occurred_at", "received_at", "skew_ms",
    ]

    static func insertStatement(_ dialect: SQLDialect) -> String {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let conflict = dialect == .sqlite ? " ON CONFLICT (source, message_id) DO NOTHING" : ""
        return "INSERT INTO events (\(columns.joined(separator: ", "))) VALUES (\(placeholders))\(conflict)"
    }

    /// PostgreSQL: claims each (source, messageId) in `event_receipts` and inserts only the events
    /// whose claim is new, in the caller's transaction.
    static func insertNew(_ rows: [[SQLValue]], statement: String, in tx: any SQLExecutor) async throws {
        var fresh: [[SQLValue]] = []
        var start = 0
        while start < rows.count {
            let slice = rows[start..<min(rows.count, start + 10_000)]
            let tuples = Array(repeating: "(?, ?, ?)", count: slice.count).joined(separator: ", ")
            var binds: [SQLValue] = []
            binds.reserveCapacity(slice.count * 3)
            for row in slice { binds += [row[0], row[1], row[32]] }
            let claimed = try await tx.query(SQL(
                "INSERT INTO event_receipts (source, message_id, received_at) VALUES \(tuples) ON CONFLICT DO NOTHING RETURNING source, message_id",
                binds))
            var keys = Set<String>()
            for row in claimed { keys.insert(try row.text("source") + "\u{1F}" + row.text("message_id")) }
            for row in slice {
                guard case .text(let source) = row[0], case .text(let message) = row[1] else { continue }
                // The first of two equal ids in one batch takes the claim; the second is a duplicate.
                if keys.remove(source + "\u{1F}" + message) != nil { fresh.append(row) }
            }
            start += slice.count
        }
        try await tx.executeMany(statement, fresh)
    }

    /// The table rows of `records`: identifiers sealed and blind-indexed. A value repeated
    /// within the request (the same IP for every event, say) is sealed once.
    func rows(_ records: [EventRecord]) async throws -> [[SQLValue]] {
        let index = try await keyring.blindIndex()
        var keys: [String: SealingKey] = [:]
        var memo = SealMemo()
        var out: [[SQLValue]] = []
        out.reserveCapacity(records.count)
        for record in records {
            let e = record.event
            var subject: String?
            var key: SealingKey?
            if e.ip != nil || e.deviceId != nil {
                let name: String
                if let person = record.personId {
                    name = person
                } else if let last = memo.visitorDay, last.millis / 86_400_000 == e.receivedAt / 86_400_000 {
                    name = last.subject
                } else {
                    name = Self.visitorSubject(day: e.receivedAt)
                    memo.visitorDay = (e.receivedAt, name)
                }
                subject = name
                if let known = keys[name] {
                    key = known
                } else {
                    let loaded: SealingKey?
                    if record.personId != nil {
                        loaded = try await database.read { [keyring] db in try await keyring.dataKey(for: name, in: db) }
                    } else {
                        loaded = try await keyring.dataKeyCreatingIfAbsent(for: name)
                    }
                    // A person erased between resolution and now: store nothing that needs their key.
                    keys[name] = loaded
                    key = loaded
                }
            }
            let ipSealed = memo.seal(e.ip, field: "event.ip", key: key, subject: subject)
            let deviceSealed = memo.seal(e.deviceId, field: "event.device_id", key: key, subject: subject)
            let hasSealed = ipSealed != .null || deviceSealed != .null
            let anonymous: SQLValue = if let id = e.anonymousId { .blob(try await anonymousDigest(id)) } else { .null }
            out.append([
                .text(record.source), .text(e.messageId), .text(e.type.rawValue), record.personId.sqlValue,
                anonymous,
                memo.digest(e.deviceId, kind: "link-device", index: index),
                hasSealed ? subject.sqlValue : .null, ipSealed, deviceSealed,
                e.ipTruncated.sqlValue, e.country.sqlValue, e.browserFamily.sqlValue, e.browserMajor.sqlValue, e.osFamily.sqlValue,
                e.osMajor.sqlValue, e.deviceType.sqlValue, e.deviceBrand.sqlValue, e.deviceModel.sqlValue, e.screen.sqlValue,
                e.timezone.sqlValue, e.app.sqlValue, e.language.sqlValue, e.latitude.map(SQLValue.real) ?? .null,
                e.longitude.map(SQLValue.real) ?? .null, e.name.sqlValue, e.url.sqlValue, e.referrer.sqlValue, e.title.sqlValue,
                e.properties.sqlValue, .integer(e.bot ? 1 : 0), .integer(Int64(e.fields.rawValue)), .integer(e.occurredAt),
                .integer(e.receivedAt), e.skewMillis.map(SQLValue.integer) ?? .null,
            ])
        }
        return out
    }

    /// Seals and digests of one request: a value repeated by the next event (the same IP, the
    /// same anonymous id) is sealed or digested once. The same ciphertext in several rows reveals
    /// only that they share the value, which their truncated IP and anonymous digest say anyway.
    struct SealMemo {
        var visitorDay: (millis: Int64, subject: String)?
        var sealed: [String: (subject: String, value: String, box: [UInt8])] = [:]
        var digests: [String: (value: String, digest: [UInt8])] = [:]

        mutating func seal(_ value: String?, field: String, key: SealingKey?, subject: String?) -> SQLValue {
            guard let value, let key, let subject else { return .null }
            if let last = sealed[field], last.subject == subject, last.value == value { return .blob(last.box) }
            let box = FieldCipher.seal(Array(value.utf8), key: key, subject: subject, field: field)
            sealed[field] = (subject, value, box)
            return .blob(box)
        }

        mutating func digest(_ value: String?, kind: String, index: BlindIndex) -> SQLValue {
            guard let value else { return .null }
            if let last = digests[kind], last.value == value { return .blob(last.digest) }
            let digest = index.digest(kind: kind, value: value)
            digests[kind] = (value, digest)
            return .blob(digest)
        }
    }

    /// The key subject sealing visitors' identifiers received on the day of `millis`.
    public static func visitorSubject(day millis: Int64) -> String {
        "visitors:" + ISOTimestamp.day(millis)
    }

    // MARK: - Linking anonymous and device ids to people

    /// The person an anonymous id is linked to (cached for a few seconds), if any.
    public func person(forAnonymousId anonymousId: String) async throws -> String? {
        let digest = try await anonymousDigest(anonymousId)
        let time = now()
        if let hit = links.withLock({ $0[digest] }), hit.until > time { return hit.person }
        let person = try await database.read { db in
            try await db.first(SQL("SELECT person_id FROM identity_links WHERE kind = 'anonymous' AND digest = ?", [.blob(digest)]))?.text("person_id")
        }
        links.withLock { links in
            if links.count > 100_000 { links.removeAll() }
            links[digest] = (person, time + Self.linkCacheMillis)
        }
        return person
    }

    /// The blind-index digest of an anonymous id, from the cache when this process saw it lately.
    func anonymousDigest(_ anonymousId: String) async throws -> [UInt8] {
        if let known = anonymousDigests.withLock({ $0[anonymousId] }) { return known }
        let digest = try await keyring.blindIndex().digest(kind: "link-anonymous", value: anonymousId)
        anonymousDigests.withLock { cache in
            if cache.count >= Self.digestCacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[anonymousId] = digest
        }
        return digest
    }

    /// After `identify`: what was collected under the anonymous and device ids becomes the
    /// person's, so they can see it and it is erased with them.
    public func adopt(anonymousId: String?, deviceId: String?, person: String) async throws {
        let index = try await keyring.blindIndex()
        let anonymous = anonymousId.map { index.digest(kind: "link-anonymous", value: $0) }
        let device = deviceId.map { index.digest(kind: "link-device", value: $0) }
        try await database.write { tx in
            if let anonymous {
                try await tx.execute(SQL("UPDATE events SET person_id = ? WHERE anonymous_digest = ? AND person_id IS NULL", [.text(person), .blob(anonymous)]))
            }
            if let device {
                try await tx.execute(SQL("UPDATE events SET person_id = ? WHERE device_digest = ? AND person_id IS NULL", [.text(person), .blob(device)]))
            }
        }
        if let anonymous { links.withLock { $0[anonymous] = (person, now() + Self.linkCacheMillis) } }
    }

    /// Deletes every event of `person` — their own and those collected under ids linked to them —
    /// inside the erasure transaction.
    static func erase(_ person: String, in tx: any SQLExecutor) async throws {
        try await tx.execute(SQL(
            "DELETE FROM events WHERE anonymous_digest IN (SELECT digest FROM identity_links WHERE person_id = ? AND kind = 'anonymous')",
            [.text(person)]))
        try await tx.execute(SQL(
            "DELETE FROM events WHERE device_digest IN (SELECT digest FROM identity_links WHERE person_id = ? AND kind = 'device')",
            [.text(person)]))
        try await tx.execute(SQL("DELETE FROM events WHERE person_id = ?", [.text(person)]))
    }
}

public enum EventStoreError: Error, Sendable, Equatable {
    /// The write queue is full; try again shortly.
    case busy
}
