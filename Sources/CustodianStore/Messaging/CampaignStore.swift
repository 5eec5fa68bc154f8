import CustodianCore
import Foundation

/// Campaigns: created as drafts, then queued once — their audience drawn by the purpose gate's
/// rules and put into the outbox in one transaction.
public final class CampaignStore: Sendable {
    let database: any SQLDatabase
    let people: PersonVault
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, people: PersonVault, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.people = people
        self.audit = audit
        self.now = now
    }

    /// Stores a new draft campaign (audited).
    public func create(_ campaign: Campaign, actor: String, requestId: String? = nil) async throws {
        try await database.write { [audit] tx in
            try await tx.execute(SQL(
                """
                INSERT INTO campaigns (id, name, kind, channel, purpose, partner, subject, text_body, html_body, audience, status, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)
                """,
                [.text(campaign.id), .text(campaign.name), .text(campaign.kind.rawValue), .text(campaign.channel), .text(campaign.purpose),
                 campaign.partner.sqlValue, .text(campaign.subject), .text(campaign.text), campaign.html.sqlValue,
                 .text(try Self.encode(campaign.attributes)), .text(campaign.createdBy), .integer(campaign.createdAt)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "campaign.create", subject: campaign.id, purpose: campaign.purpose, requestId: requestId,
                details: ["kind": campaign.kind.rawValue, "channel": campaign.channel])], in: tx)
        }
    }

    /// One campaign, or nil.
    public func campaign(_ id: String) async throws -> Campaign? {
        try await database.read { db in
            try await db.first(SQL("SELECT * FROM campaigns WHERE id = ?", [.text(id)])).map(Self.campaign)
        }
    }

    /// Campaigns, newest first.
    public func list(limit: Int = 100) async throws -> [Campaign] {
        try await database.read { db in
            try await db.query(SQL("SELECT * FROM campaigns ORDER BY created_at DESC, id LIMIT ?", [.integer(Int64(limit))])).map(Self.campaign)
        }
    }

    /// Draws the audience of draft campaign `id` under `rules` and queues one message per person
    /// reached, in one transaction with the campaign's new status and report and its audit entry.
    ///
    /// - Parameter fieldCategories: the category of each profile field the rules narrow by.
    /// - Throws: ``CampaignError/alreadyQueued`` when it was queued before (also when another
    ///   node queued it meanwhile), ``CampaignError/notFound``.
    public func queue(_ id: String, rules: AudienceRules, fieldCategories: [String: String], actor: String, requestId: String? = nil) async throws -> CampaignReport {
        guard let campaign = try await campaign(id) else { throw CampaignError.notFound }
        guard campaign.status == .draft else { throw CampaignError.alreadyQueued }
        let drawn = try await drawAudience(rules: rules, fieldCategories: fieldCategories)
        let time = now()
        let report = drawn.report
        try await database.write { [audit, database] tx in
            let row = try await tx.first(SQL("SELECT status FROM campaigns WHERE id = ?" + database.dialect.forUpdate, [.text(id)]))
            guard let row else { throw CampaignError.notFound }
            guard try row.text("status") == CampaignStatus.draft.rawValue else { throw CampaignError.alreadyQueued }
            try await Outbox.insertCampaign(id, purpose: campaign.purpose, people: drawn.people, at: time, in: tx)
            try await tx.execute(SQL(
                "UPDATE campaigns SET status = 'queued', report = ?, queued_at = ? WHERE id = ?",
                [.text(String(decoding: try JSONEncoder().encode(report), as: UTF8.self)), .integer(time), .text(id)]))
            var details = ["considered": String(report.considered), "queued": String(report.queued)]
            // Narrowing by profile attributes opened those fields of this many people, for the campaign's purpose.
            if drawn.openedPeople > 0 { details["attributes_opened"] = String(drawn.openedPeople) }
            for excluded in report.excluded {
                details["excluded." + excluded.reason + (excluded.purpose.map { ":" + $0 } ?? "")] = String(excluded.count)
            }
            try await audit.append([AuditEvent(
                actor: actor, action: "campaign.queue", subject: id, purpose: campaign.purpose, categories: drawn.openedCategories, requestId: requestId,
                details: details)], in: tx)
        }
        return report
    }

    static func encode(_ attributes: [String: [String]]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(attributes), as: UTF8.self)
    }

    static func campaign(_ row: SQLRow) throws -> Campaign {
        guard let kind = CampaignKind(rawValue: try row.text("kind")), let status = CampaignStatus(rawValue: try row.text("status")) else {
            throw StoreError.corrupt("a campaign row has an unknown kind or status")
        }
        let attributes = (try? JSONDecoder().decode([String: [String]].self, from: Data(try row.text("audience").utf8))) ?? [:]
        let report = try row.optionalText("report").flatMap { try? JSONDecoder().decode(CampaignReport.self, from: Data($0.utf8)) }
        return Campaign(
            id: try row.text("id"), name: try row.text("name"), kind: kind, channel: try row.text("channel"), purpose: try row.text("purpose"),
            partner: try row.optionalText("partner"), subject: try row.text("subject"), text: try row.text("text_body"),
            html: try row.optionalText("html_body"), attributes: attributes, status: status, report: report,
            createdBy: try row.text("created_by"), createdAt: try row.int("created_at"), queuedAt: try row.optionalInt("queued_at"))
    }
}
