import CustodianCore
import Foundation

/// The durable outbox of partner webhooks, shared by every node.
///
/// Claiming is multi-node safe: on PostgreSQL the due rows are selected `FOR UPDATE SKIP
/// LOCKED`, so nodes claiming at once take disjoint rows, and each claim is a lease
/// (`claimed_by`, `claimed_until`): a node that dies mid-delivery leaves rows that another node
/// takes once the lease has run out. On SQLite the single writer serialises claims. Only the
/// node holding the lease can complete a delivery.
public final class PartnerOutbox: Sendable {
    let database: any SQLDatabase
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.audit = audit
        self.now = now
    }

    /// Puts events in the outbox inside the caller's transaction; returns their ids.
    @discardableResult
    static func enqueue(_ events: [NewWebhook], in tx: any SQLExecutor, at time: Int64) async throws -> [String] {
        let ids = events.map { _ in "evt_" + Identifiers.base64URL(Identifiers.randomBytes(16)) }
        try await tx.executeMany(
            """
            INSERT INTO partner_webhooks (id, partner_id, type, ref, person_id, purpose, status, attempts, next_attempt_at, share_logged,
            created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?, ?)
            """,
            zip(ids, events).map { id, event in
                [
                    .text(id), .text(event.partnerId), .text(event.type.rawValue), .text(event.ref), event.personId.sqlValue,
                    event.purpose.sqlValue, .integer(time), .integer(time), .integer(time),
                ]
            })
        return ids
    }

    /// Puts events in the outbox in a transaction of its own.
    @discardableResult
    public func enqueue(_ events: [NewWebhook]) async throws -> [String] {
        let time = now()
        return try await database.write { tx in try await Self.enqueue(events, in: tx, at: time) }
    }

    /// Whether anything is due: a cheap read, so idle nodes do not take the write lock to find out.
    public func hasDue(at time: Int64) async throws -> Bool {
        try await database.read { db in
            try await db.first(SQL(
                """
                SELECT id FROM partner_webhooks WHERE status = 'pending' AND next_attempt_at <= ?
                AND partner_id IN (SELECT id FROM partners WHERE webhook_url IS NOT NULL) LIMIT 1
                """, [.integer(time)])) != nil
        }
    }

    /// Claims up to `limit` due deliveries for `node` for `leaseMillis`. Deliveries to partners
    /// without a webhook URL wait, pending, until one is set.
    public func claim(node: String, limit: Int, leaseMillis: Int64) async throws -> [WebhookDelivery] {
        let time = now()
        let lock = database.dialect.forUpdateSkipLocked
        return try await database.write { tx in
            let rows = try await tx.query(SQL(
                """
                SELECT * FROM partner_webhooks WHERE status = 'pending' AND next_attempt_at <= ?
                AND (claimed_until IS NULL OR claimed_until < ?)
                AND partner_id IN (SELECT id FROM partners WHERE webhook_url IS NOT NULL)
                ORDER BY next_attempt_at, id LIMIT ?\(lock)
                """,
                [.integer(time), .integer(time), .integer(Int64(limit))]))
            let claimed = try rows.map(Self.delivery)
            try await tx.executeMany(
                "UPDATE partner_webhooks SET claimed_by = ?, claimed_until = ?, updated_at = ? WHERE id = ?",
                claimed.map { [.text(node), .integer(time + leaseMillis), .integer(time), .text($0.id)] })
            return claimed
        }
    }

    /// Records how an attempt by `node` ended. Returns false, changing nothing, when the node no
    /// longer holds the lease (it ran out and another node claimed the delivery).
    /// - Parameter share: for a share delivered or possibly received, the disclosure to log in the
    ///   same transaction (once per delivery).
    @discardableResult
    public func complete(
        _ id: String, node: String, outcome: WebhookOutcome, durationMillis: Int64, share: (partner: Partner, categories: [String])? = nil
    ) async throws -> Bool {
        let time = now()
        let lock = database.dialect.forUpdate
        return try await database.write { [audit] tx -> Bool in
            guard let row = try await tx.first(SQL("SELECT * FROM partner_webhooks WHERE id = ?" + lock, [.text(id)])) else { return false }
            let delivery = try Self.delivery(row)
            guard try row.optionalText("claimed_by") == node, delivery.status == .pending else { return false }
            let attempt = delivery.attempts + 1
            var status = WebhookStatus.pending
            var next = delivery.nextAttemptAt
            var httpStatus: Int?
            var error: String?
            var deliveredAt: Int64?
            switch outcome {
            case .delivered(let code):
                (status, httpStatus, deliveredAt) = (.delivered, code, time)
            case .failed(let code, let reason, let retryAt):
                (httpStatus, error) = (code, reason)
                if let retryAt { next = retryAt } else { status = .failed }
            case .cancelled(let reason):
                (status, error) = (.cancelled, reason)
            }
            var logged = delivery.shareLogged
            if let share, !logged, let person = delivery.personId, let purpose = delivery.purpose {
                try await ShareLog.record(
                    partner: share.partner, person: person, purpose: purpose, categories: share.categories, channel: .push,
                    actor: "system", requestId: nil, at: time, audit: audit, in: tx)
                // The body carried the reference: from now on the partner knows the person by it.
                try await PartnerReferences.markIssued(delivery.ref, partner: delivery.partnerId, person: person, in: tx, at: time)
                logged = true
            }
            let counted = if case .cancelled = outcome { delivery.attempts } else { attempt }
            // The person's id is needed only to read a share while it is pending; a finished
            // delivery keeps the reference alone, and so outlives the person's erasure.
            let person: SQLValue = status == .pending ? delivery.personId.sqlValue : .null
            try await tx.execute(SQL(
                """
                UPDATE partner_webhooks SET status = ?, attempts = ?, next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL,
                last_status = ?, last_error = ?, share_logged = ?, updated_at = ?, delivered_at = ?, person_id = ? WHERE id = ?
                """,
                [
                    .text(status.rawValue), .integer(Int64(counted)), .integer(next), httpStatus.map { SQLValue.integer(Int64($0)) } ?? .null,
                    error.sqlValue, logged.sqlValue, .integer(time), deliveredAt.sqlValue, person, .text(id),
                ]))
            if case .cancelled = outcome {} else {
                try await tx.execute(SQL(
                    "INSERT INTO partner_webhook_attempts (webhook_id, attempt, at, status, error, duration_ms, node) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        .text(id), .integer(Int64(attempt)), .integer(time), httpStatus.map { SQLValue.integer(Int64($0)) } ?? .null, error.sqlValue,
                        .integer(durationMillis), .text(node),
                    ]))
            }
            if status == .failed || status == .cancelled {
                try await audit.append([AuditEvent(
                    actor: "system", action: "partner.webhook.\(status.rawValue)", subject: delivery.partnerId, outcome: "error",
                    details: ["webhook": id, "type": delivery.type.rawValue, "attempts": String(counted)])], in: tx)
            }
            return true
        }
    }

    /// Deliveries newest first, optionally of one status and partner, `limit` before `before`
    /// (a creation time, for paging).
    public func list(status: WebhookStatus? = nil, partner: String? = nil, limit: Int = 100, before: Int64? = nil) async throws -> [WebhookDelivery] {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let status { conditions.append("status = ?"); binds.append(.text(status.rawValue)) }
        if let partner { conditions.append("partner_id = ?"); binds.append(.text(partner)) }
        if let before { conditions.append("created_at < ?"); binds.append(.integer(before)) }
        binds.append(.integer(Int64(limit)))
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = SQL("SELECT * FROM partner_webhooks \(filter) ORDER BY created_at DESC, id DESC LIMIT ?", binds)
        return try await database.read { db in try await db.query(sql).map(Self.delivery) }
    }

    /// One delivery and its attempts, oldest first.
    public func delivery(_ id: String) async throws -> (delivery: WebhookDelivery, attempts: [WebhookAttempt])? {
        try await database.read { db in
            guard let row = try await db.first(SQL("SELECT * FROM partner_webhooks WHERE id = ?", [.text(id)])) else { return nil }
            let attempts = try await db.query(SQL(
                "SELECT * FROM partner_webhook_attempts WHERE webhook_id = ? ORDER BY attempt", [.text(id)])).map { row in
                WebhookAttempt(
                    attempt: Int(try row.int("attempt")), at: try row.int("at"), status: try row.optionalInt("status").map(Int.init),
                    error: try row.optionalText("error"), durationMillis: try row.int("duration_ms"), node: try row.text("node"))
            }
            return (try Self.delivery(row), attempts)
        }
    }

    /// Puts a failed delivery back in the queue, due now, audited; false unless it had failed.
    public func retry(_ id: String, actor: String, requestId: String? = nil) async throws -> Bool {
        let time = now()
        return try await database.write { [audit] tx -> Bool in
            guard let row = try await tx.first(SQL("SELECT status, partner_id FROM partner_webhooks WHERE id = ?", [.text(id)])),
                  try row.text("status") == WebhookStatus.failed.rawValue
            else { return false }
            try await tx.execute(SQL(
                "UPDATE partner_webhooks SET status = 'pending', next_attempt_at = ?, updated_at = ? WHERE id = ?",
                [.integer(time), .integer(time), .text(id)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "partner.webhook.retry", subject: try row.text("partner_id"), requestId: requestId,
                details: ["webhook": id])], in: tx)
            return true
        }
    }

    static func delivery(_ row: SQLRow) throws -> WebhookDelivery {
        guard let type = WebhookType(rawValue: try row.text("type")), let status = WebhookStatus(rawValue: try row.text("status")) else {
            throw StoreError.corrupt("a webhook has an unknown type or status")
        }
        return WebhookDelivery(
            id: try row.text("id"), partnerId: try row.text("partner_id"), type: type, ref: try row.text("ref"),
            personId: try row.optionalText("person_id"), purpose: try row.optionalText("purpose"), status: status,
            attempts: Int(try row.int("attempts")), nextAttemptAt: try row.int("next_attempt_at"),
            lastStatus: try row.optionalInt("last_status").map(Int.init), lastError: try row.optionalText("last_error"),
            shareLogged: try row.int("share_logged") != 0, createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"),
            deliveredAt: try row.optionalInt("delivered_at"))
    }
}
