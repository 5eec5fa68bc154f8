import CustodianCore
import Foundation

/// One disclosure to a partner: who, which categories, for which purpose, when, how. Never the
/// values.
public struct ShareEntry: Sendable, Equatable {
    public var id: String
    public var partnerId: String
    public var partnerName: String
    public var personId: String
    public var purpose: String
    public var categories: [String]
    /// `pull` (the partner asked) or `push` (a webhook carried it).
    public var channel: ShareChannel
    public var requestId: String?
    public var sharedAt: Int64
}

public enum ShareChannel: String, Sendable, Codable, CaseIterable {
    case pull
    case push
}

/// The share log the person reads at `GET /v1/people/me/shares`. Each entry is written in the
/// same transaction as its audit entry (`partner.share`); entries go with the person on erasure,
/// the audit entry (ids only) stays.
public final class ShareLog: Sendable {
    let database: any SQLDatabase
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.audit = audit
        self.now = now
    }

    /// Records a disclosure in its own transaction.
    @discardableResult
    public func record(
        partner: Partner, person: String, purpose: String, categories: [String], channel: ShareChannel, actor: String,
        requestId: String? = nil
    ) async throws -> ShareEntry {
        let time = now()
        return try await database.write { [audit] tx in
            try await Self.record(
                partner: partner, person: person, purpose: purpose, categories: categories, channel: channel, actor: actor,
                requestId: requestId, at: time, audit: audit, in: tx)
        }
    }

    static func record(
        partner: Partner, person: String, purpose: String, categories: [String], channel: ShareChannel, actor: String,
        requestId: String?, at time: Int64, audit: AuditLog, in tx: any SQLExecutor
    ) async throws -> ShareEntry {
        let entry = ShareEntry(
            id: Identifiers.make(), partnerId: partner.id, partnerName: partner.name, personId: person, purpose: purpose,
            categories: categories, channel: channel, requestId: requestId, sharedAt: time)
        try await tx.execute(SQL(
            """
            INSERT INTO partner_shares (id, partner_id, person_id, purpose, categories, channel, request_id, shared_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(entry.id), .text(partner.id), .text(person), .text(purpose), .text(categories.joined(separator: ",")),
                .text(channel.rawValue), requestId.sqlValue, .integer(time),
            ]))
        try await audit.append([AuditEvent(
            actor: actor, action: "partner.share", subject: person, purpose: purpose, categories: categories, requestId: requestId,
            details: ["partner": partner.id, "channel": channel.rawValue])], in: tx)
        return entry
    }

    /// `person`'s shares, newest first.
    public func entries(of person: String, limit: Int = 200) async throws -> [ShareEntry] {
        try await query("s.person_id = ?", .text(person), limit: limit)
    }

    /// Shares to `partner`, newest first.
    public func entries(toPartner partner: String, limit: Int = 200) async throws -> [ShareEntry] {
        try await query("s.partner_id = ?", .text(partner), limit: limit)
    }

    private func query(_ condition: String, _ value: SQLValue, limit: Int) async throws -> [ShareEntry] {
        try await database.read { db in
            try await db.query(SQL(
                """
                SELECT s.*, p.name AS partner_name FROM partner_shares s JOIN partners p ON p.id = s.partner_id
                WHERE \(condition) ORDER BY s.shared_at DESC, s.id LIMIT ?
                """,
                [value, .integer(Int64(limit))]
            )).map(Self.entry)
        }
    }

    static func entry(_ row: SQLRow) throws -> ShareEntry {
        guard let channel = ShareChannel(rawValue: try row.text("channel")) else { throw StoreError.corrupt("a share has an unknown channel") }
        let categories = try row.text("categories")
        return ShareEntry(
            id: try row.text("id"), partnerId: try row.text("partner_id"), partnerName: try row.text("partner_name"),
            personId: try row.text("person_id"), purpose: try row.text("purpose"),
            categories: categories.isEmpty ? [] : categories.split(separator: ",").map(String.init), channel: channel,
            requestId: try row.optionalText("request_id"), sharedAt: try row.int("shared_at"))
    }
}
