import CustodianCore
import Foundation

/// Puts partner webhooks in the outbox when a person's choices or existence change, in the same
/// transaction as the change itself:
/// - a grant of a purpose partners are registered for with push on: a `person.shared` for each
///   (the data is read, through the gate, only when it is delivered);
/// - a denial or withdrawal: a `consent.withdrawn` for each partner that received the person's
///   data under that purpose since it was last told;
/// - an erasure: a `person.erased` for each partner that ever received the person's data.
/// Withdrawal and erasure notices carry the partner's reference only.
final class PartnerPropagation: ConsentAppendObserver {
    let references: PartnerReferences
    let now: @Sendable () -> Int64

    init(references: PartnerReferences, now: @escaping @Sendable () -> Int64) {
        self.references = references
        self.now = now
    }

    func appended(_ records: [ConsentRecord], in tx: any SQLExecutor) async throws {
        // One cheap probe per group-committed batch: without partners there is nothing to tell.
        guard !records.isEmpty, try await tx.first(SQL("SELECT id FROM partners LIMIT 1")) != nil else { return }
        let time = now()
        var events: [NewWebhook] = []
        for record in records {
            if record.kind.state == .denied {
                events += try await Self.withdrawals(person: record.personId, purpose: record.purpose, in: tx)
            } else {
                events += try await pushes(person: record.personId, purpose: record.purpose, in: tx, at: time)
            }
        }
        guard !events.isEmpty else { return }
        try await PartnerOutbox.enqueue(events, in: tx, at: time)
    }

    /// Partners that received `person`'s data under `purpose` after their last withdrawal notice.
    static func withdrawals(person: String, purpose: String, in tx: any SQLExecutor) async throws -> [NewWebhook] {
        let rows = try await tx.query(SQL(
            """
            SELECT DISTINCT s.partner_id, r.ref FROM partner_shares s
            JOIN partner_refs r ON r.partner_id = s.partner_id AND r.person_id = s.person_id
            WHERE s.person_id = ? AND s.purpose = ? AND s.shared_at >= COALESCE((
                SELECT MAX(w.created_at) FROM partner_webhooks w
                WHERE w.partner_id = s.partner_id AND w.ref = r.ref AND w.type = 'consent.withdrawn' AND w.purpose = s.purpose), -1)
            ORDER BY s.partner_id
            """,
            [.text(person), .text(purpose)]))
        return try rows.map { row in
            NewWebhook(partnerId: try row.text("partner_id"), type: .consentWithdrawn, ref: try row.text("ref"), purpose: purpose)
        }
    }

    /// Pushes for partners registered for `purpose` with push on, unless one is already waiting.
    func pushes(person: String, purpose: String, in tx: any SQLExecutor, at time: Int64) async throws -> [NewWebhook] {
        let partners = try await tx.query(SQL(
            """
            SELECT p.id FROM partners p JOIN partner_purposes pp ON pp.partner_id = p.id
            WHERE pp.purpose = ? AND p.push = 1 AND p.status = 'active' AND p.webhook_url IS NOT NULL ORDER BY p.id
            """,
            [.text(purpose)])).map { try $0.text("id") }
        var events: [NewWebhook] = []
        for partner in partners {
            // Derived, not issued: the partner learns the reference only if the share goes out,
            // and until then must not be treated as knowing the person (see PartnerInboundActions).
            let ref = try await references.derive(partner: partner, person: person, in: tx)
            let waiting = try await tx.first(SQL(
                "SELECT id FROM partner_webhooks WHERE partner_id = ? AND ref = ? AND type = 'person.shared' AND purpose = ? AND status = 'pending'",
                [.text(partner), .text(ref), .text(purpose)]))
            if waiting == nil {
                events.append(NewWebhook(partnerId: partner, type: .personShared, ref: ref, personId: person, purpose: purpose))
            }
        }
        return events
    }

    /// Erasure notices for every partner that received `person`'s data, inside the erasure's
    /// transaction (before the person's rows, references included, are deleted). Returns how many.
    @discardableResult
    static func erasureNotices(for person: String, in tx: any SQLExecutor, at time: Int64) async throws -> Int {
        let rows = try await tx.query(SQL(
            """
            SELECT DISTINCT s.partner_id, r.ref FROM partner_shares s
            JOIN partner_refs r ON r.partner_id = s.partner_id AND r.person_id = s.person_id
            WHERE s.person_id = ? ORDER BY s.partner_id
            """,
            [.text(person)]))
        let events = try rows.map { NewWebhook(partnerId: try $0.text("partner_id"), type: .personErased, ref: try $0.text("ref")) }
        try await PartnerOutbox.enqueue(events, in: tx, at: time)
        return events.count
    }
}
