import CustodianCore
import Foundation

/// The durable outbox: messages wait here until a sender claims and delivers them, on any node.
///
/// Claiming is a lease: `FOR UPDATE SKIP LOCKED` on PostgreSQL, so nodes take disjoint batches;
/// SQLite's single writer serialises claims. A sender that dies leaves its claims to expire, and
/// they are claimed again. Outcomes are recorded only by the claim's holder, so a sender whose
/// lease ran out cannot overwrite what the next one recorded.
public final class Outbox: Sendable {
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

    static let columns = "id, kind, person_id, purpose, campaign_id, state, attempts, next_attempt_at, expires_at, last_code, last_error, created_at, sent_at, payload IS NOT NULL AS has_payload"

    /// Queues one message; its payload is sealed with the person's data key.
    /// - Throws: `StoreError.notFound` when the person has no data key (no such person).
    @discardableResult
    public func enqueue(_ draft: OutboxDraft, actor: String, requestId: String? = nil) async throws -> OutboxMessage {
        let id = Identifiers.make()
        let time = now()
        try await database.write { [keyring, audit] tx in
            var sealed: SQLValue = .null
            if let payload = draft.payload {
                guard let key = try await keyring.dataKey(for: draft.personId, in: tx) else { throw StoreError.notFound }
                sealed = .blob(FieldCipher.seal(Array(JSONText.sortedObject(payload).utf8), key: key, subject: draft.personId, field: Self.payloadField(id)))
            }
            try await tx.execute(SQL(
                """
                INSERT INTO outbox (id, kind, person_id, purpose, campaign_id, payload, state, attempts, next_attempt_at, expires_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)
                """,
                [.text(id), .text(draft.kind.rawValue), .text(draft.personId), .text(draft.purpose), draft.campaignId.sqlValue, sealed,
                 .integer(time), draft.expiresAt.sqlValue, .integer(time), .integer(time)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "message.queue", subject: draft.personId, purpose: draft.purpose, requestId: requestId,
                details: ["kind": draft.kind.rawValue, "message": id])], in: tx)
        }
        return OutboxMessage(
            id: id, kind: draft.kind, personId: draft.personId, purpose: draft.purpose, campaignId: draft.campaignId, state: .queued,
            attempts: 0, nextAttemptAt: time, expiresAt: draft.expiresAt, lastCode: nil, lastError: nil, createdAt: time, sentAt: nil,
            hasPayload: draft.payload != nil)
    }

    /// Inserts one campaign message per person inside the caller's transaction (queuing a campaign).
    static func insertCampaign(_ campaign: String, purpose: String, people: [String], at time: Int64, in tx: any SQLExecutor) async throws {
        try await tx.executeMany(
            """
            INSERT INTO outbox (id, kind, person_id, purpose, campaign_id, state, attempts, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            people.map { person in
                [.text(Identifiers.make()), .text(OutboxKind.campaign.rawValue), .text(person), .text(purpose), .text(campaign),
                 .text(OutboxState.queued.rawValue), .integer(0), .integer(time), .integer(time), .integer(time)]
            })
    }

    /// Claims up to `limit` messages that are due (queued, due for a retry, or abandoned by a
    /// sender whose lease ran out) for `worker`, for `leaseMillis`. Each claim counts as an attempt.
    public func claim(limit: Int, worker: String, leaseMillis: Int64) async throws -> [OutboxMessage] {
        let time = now()
        return try await database.write { [database] tx in
            let rows = try await tx.query(SQL(
                """
                SELECT id FROM outbox
                WHERE (state IN ('queued', 'failed_temporary') AND next_attempt_at <= ?) OR (state = 'sending' AND claimed_until < ?)
                ORDER BY next_attempt_at, id LIMIT ?
                """ + database.dialect.forUpdateSkipLocked,
                [.integer(time), .integer(time), .integer(Int64(limit))]))
            let ids = try rows.map { try $0.text("id") }
            guard !ids.isEmpty else { return [] }
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            try await tx.execute(SQL(
                "UPDATE outbox SET state = 'sending', claimed_by = ?, claimed_until = ?, attempts = attempts + 1, updated_at = ? WHERE id IN (\(marks))",
                [.text(worker), .integer(time + leaseMillis), .integer(time)] + ids.map { .text($0) }))
            return try await tx.query(SQL(
                "SELECT \(Self.columns) FROM outbox WHERE id IN (\(marks)) ORDER BY next_attempt_at, id", ids.map { .text($0) })
            ).map(Self.message)
        }
    }

    /// Records the outcome of `worker`'s attempt at `message`, with its audit entry, in one
    /// transaction. A sent message is never claimed again.
    /// - Returns: false when the claim is no longer `worker`'s (its lease ran out and another
    ///   sender took the message); nothing is written then.
    @discardableResult
    public func record(_ outcome: OutboxOutcome, for message: OutboxMessage, worker: String, categories: [String] = []) async throws -> Bool {
        let time = now()
        var code: Int?
        var reason: String?
        var next = message.nextAttemptAt
        var sentAt: Int64?
        switch outcome {
        case .sent(let reply):
            code = reply
            sentAt = time
        case .retry(let at, let reply, let why):
            next = at
            code = reply
            reason = why
        case .failed(let reply, let why):
            code = reply
            reason = why
        case .suppressed(let why):
            reason = why
        }
        var details = ["kind": message.kind.rawValue, "message": message.id, "state": outcome.state.rawValue]
        if let campaign = message.campaignId { details["campaign"] = campaign }
        if let reason { details["reason"] = reason }
        if let code { details["code"] = String(code) }
        let event = AuditEvent(
            actor: "service:messaging", action: "message.send", subject: message.personId, purpose: message.purpose,
            categories: outcome.state == .sent ? categories : [], outcome: outcome.state == .sent ? "ok" : outcome.state == .suppressed ? "denied" : "error",
            details: details)
        let (finalNext, finalCode, finalReason, finalSentAt) = (next, code, reason, sentAt)
        return try await database.write { [audit, database] tx in
            let held = try await tx.first(SQL(
                "SELECT id FROM outbox WHERE id = ? AND state = 'sending' AND claimed_by = ?" + database.dialect.forUpdate,
                [.text(message.id), .text(worker)]))
            guard held != nil else { return false }
            // A final message keeps no payload: a one-time code is not kept once it is sent.
            let payload = outcome.state.isFinal ? ", payload = NULL" : ""
            try await tx.execute(SQL(
                """
                UPDATE outbox SET state = ?, next_attempt_at = ?, last_code = ?, last_error = ?, sent_at = ?, claimed_by = NULL,
                claimed_until = NULL, updated_at = ?\(payload) WHERE id = ?
                """,
                [.text(outcome.state.rawValue), .integer(finalNext), finalCode.map { .integer(Int64($0)) } ?? .null, finalReason.sqlValue, finalSentAt.sqlValue,
                 .integer(time), .text(message.id)]))
            try await audit.append([event], in: tx)
            return true
        }
    }

    /// Opens the payload of `message` with an access the gate gave for its person and purpose.
    public func payload(of message: OutboxMessage, access: Access) async throws -> [String: String]? {
        guard access.subject == message.personId, access.purpose == message.purpose else { return nil }
        return try await database.read { [keyring] db in
            guard let row = try await db.first(SQL("SELECT payload FROM outbox WHERE id = ?", [.text(message.id)])),
                  let sealed = try row.optionalBlob("payload"),
                  let key = try await keyring.dataKey(for: message.personId, in: db)
            else { return nil }
            let plain: [UInt8]
            do {
                plain = try FieldCipher.open(sealed, key: key, subject: message.personId, field: Self.payloadField(message.id))
            } catch {
                throw StoreError.keyUnavailable("a sealed outbox payload does not open")
            }
            return try? JSONDecoder().decode([String: String].self, from: Data(plain))
        }
    }

    /// One message by id.
    public func message(_ id: String) async throws -> OutboxMessage? {
        try await database.read { db in
            try await db.first(SQL("SELECT \(Self.columns) FROM outbox WHERE id = ?", [.text(id)])).map(Self.message)
        }
    }

    /// The messages to `person`, newest first (for tests and the person's own view).
    public func messages(to person: String, limit: Int = 100) async throws -> [OutboxMessage] {
        try await database.read { db in
            try await db.query(SQL(
                "SELECT \(Self.columns) FROM outbox WHERE person_id = ? ORDER BY created_at DESC, id LIMIT ?",
                [.text(person), .integer(Int64(limit))])).map(Self.message)
        }
    }

    /// Whether a message of `kind` to `person` was queued since `since`.
    public func hasRecent(_ kind: OutboxKind, to person: String, since: Int64) async throws -> Bool {
        try await database.read { db in
            try await db.first(SQL(
                "SELECT id FROM outbox WHERE person_id = ? AND kind = ? AND created_at >= ? LIMIT 1",
                [.text(person), .text(kind.rawValue), .integer(since)])) != nil
        }
    }

    /// How many messages are in each state, for one campaign or for the whole outbox.
    public func counts(campaign: String? = nil) async throws -> [OutboxState: Int] {
        try await database.read { db in
            let rows = try await db.query(
                campaign.map { SQL("SELECT state, COUNT(*) AS n FROM outbox WHERE campaign_id = ? GROUP BY state", [.text($0)]) }
                    ?? SQL("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state"))
            var counts = Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { ($0, 0) })
            for row in rows {
                if let state = OutboxState(rawValue: try row.text("state")) { counts[state] = Int(try row.int("n")) }
            }
            return counts
        }
    }

    static func payloadField(_ id: String) -> String { "outbox:" + id }

    static func message(_ row: SQLRow) throws -> OutboxMessage {
        guard let kind = OutboxKind(rawValue: try row.text("kind")), let state = OutboxState(rawValue: try row.text("state")) else {
            throw StoreError.corrupt("an outbox row has an unknown kind or state")
        }
        return OutboxMessage(
            id: try row.text("id"), kind: kind, personId: try row.text("person_id"), purpose: try row.text("purpose"),
            campaignId: try row.optionalText("campaign_id"), state: state, attempts: Int(try row.int("attempts")),
            nextAttemptAt: try row.int("next_attempt_at"), expiresAt: try row.optionalInt("expires_at"),
            lastCode: try row.optionalInt("last_code").map(Int.init), lastError: try row.optionalText("last_error"),
            createdAt: try row.int("created_at"), sentAt: try row.optionalInt("sent_at"), hasPayload: try row.int("has_payload") != 0)
    }
}
