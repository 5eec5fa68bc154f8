import CustodianCore
import Foundation

/// A stored event as staff tools and the person's own export show it.
public struct StoredEvent: Sendable, Equatable, Codable {
    public var source: String
    public var messageId: String
    public var type: String
    public var personId: String?
    /// Whether an anonymous id / device id was recorded (only their blind-index digests are).
    public var hasAnonymousId: Bool
    public var hasDeviceId: Bool
    /// The raw IP, opened only for the person's own export; nil elsewhere or once expired.
    public var ip: String?
    /// Whether a sealed raw IP is still held.
    public var ipHeld: Bool
    public var ipTruncated: String?
    public var country: String?
    public var browserFamily: String?
    public var browserMajor: String?
    public var osFamily: String?
    public var osMajor: String?
    public var deviceType: String?
    public var deviceBrand: String?
    public var deviceModel: String?
    public var screen: String?
    public var timezone: String?
    public var app: String?
    public var language: String?
    public var latitude: Double?
    public var longitude: Double?
    public var name: String?
    public var url: String?
    public var referrer: String?
    public var title: String?
    public var properties: String?
    public var bot: Bool
    /// The data categories kept for this event after minimisation.
    public var categories: [String]
    public var occurredAt: Int64
    public var receivedAt: Int64
    public var skewMillis: Int64?
}

extension EventStore {
    static let selectColumns = columns.joined(separator: ", ")

    /// The most recent events, newest first (staff tools; identifiers stay sealed).
    public func recent(limit: Int) async throws -> [StoredEvent] {
        let order = database.dialect == .sqlite ? "rowid DESC" : "received_at DESC"
        return try await database.read { db in
            try await db.query(SQL("SELECT \(Self.selectColumns) FROM events ORDER BY \(order) LIMIT ?", [.integer(Int64(limit))]))
        }.map { try Self.event($0, ip: nil) }
    }

    /// The events of `person`, oldest first, with their raw IPs opened (their own export).
    public func events(of person: String, limit: Int = 100_000) async throws -> [StoredEvent] {
        try await database.read { [keyring] db in
            let key = try await keyring.dataKey(for: person, in: db)
            let rows = try await db.query(SQL(
                "SELECT \(Self.selectColumns) FROM events WHERE person_id = ? ORDER BY occurred_at LIMIT ?", [.text(person), .integer(Int64(limit))]))
            return try rows.map { row in
                var ip: String?
                if let key, try row.optionalText("seal_subject") == person, let box = try row.optionalBlob("ip_sealed"),
                   let plain = try? FieldCipher.open(box, key: key, subject: person, field: "event.ip") {
                    ip = String(decoding: plain, as: UTF8.self)
                }
                return try Self.event(row, ip: ip)
            }
        }
    }

    /// How many events are stored.
    public func count() async throws -> Int {
        try await database.read { db in
            Int(try await db.first(SQL("SELECT COUNT(*) AS n FROM events"))?.int("n") ?? 0)
        }
    }

    /// Whether an event with this id from this source is stored.
    public func contains(source: String, messageId: String) async throws -> Bool {
        try await database.read { db in
            try await db.first(SQL("SELECT 1 AS one FROM events WHERE source = ? AND message_id = ?", [.text(source), .text(messageId)])) != nil
        }
    }

    static func event(_ row: SQLRow, ip: String?) throws -> StoredEvent {
        let fields = EventFieldSet(rawValue: UInt16(truncatingIfNeeded: try row.int("fields")))
        var categories: [String] = []
        for field in fields.fields where !categories.contains(field.category) { categories.append(field.category) }
        return StoredEvent(
            source: try row.text("source"), messageId: try row.text("message_id"), type: try row.text("type"),
            personId: try row.optionalText("person_id"), hasAnonymousId: try row.optionalBlob("anonymous_digest") != nil,
            hasDeviceId: try row.optionalBlob("device_digest") != nil, ip: ip, ipHeld: try row.optionalBlob("ip_sealed") != nil,
            ipTruncated: try row.optionalText("ip_truncated"), country: try row.optionalText("country"),
            browserFamily: try row.optionalText("browser_family"), browserMajor: try row.optionalText("browser_major"),
            osFamily: try row.optionalText("os_family"), osMajor: try row.optionalText("os_major"),
            deviceType: try row.optionalText("device_type"), deviceBrand: try row.optionalText("device_brand"),
            deviceModel: try row.optionalText("device_model"), screen: try row.optionalText("screen"),
            timezone: try row.optionalText("timezone"), app: try row.optionalText("app"), language: try row.optionalText("language"),
            latitude: try row.optionalDouble("latitude"), longitude: try row.optionalDouble("longitude"),
            name: try row.optionalText("name"), url: try row.optionalText("url"), referrer: try row.optionalText("referrer"),
            title: try row.optionalText("title"), properties: try row.optionalText("properties"), bot: try row.int("bot") != 0,
            categories: categories, occurredAt: try row.int("occurred_at"), receivedAt: try row.int("received_at"),
            skewMillis: try row.optionalInt("skew_ms"))
    }
}
