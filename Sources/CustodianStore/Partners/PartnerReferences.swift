import Crypto
import CustodianCore
import Foundation
import Synchronization

/// Pseudonymous references partners know people by (see ``PartnerReference``): derived with an
/// installation secret, issued (recorded) on the first share or accepted record, resolved only
/// among those issued to the asking partner. A reference goes with its person on erasure; the
/// outbox keeps a copy, which then refers to nobody we hold.
public final class PartnerReferences: Sendable {
    static let secretName = "partner-refs"
    let database: any SQLDatabase
    let keyring: Keyring
    let now: @Sendable () -> Int64
    private let key = Mutex<SymmetricKey?>(nil)

    init(database: any SQLDatabase, keyring: Keyring, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.keyring = keyring
        self.now = now
    }

    /// Loads (or creates, the first time) the derivation key in a transaction of its own and keeps
    /// it; ``CustodianStore/prepare()`` calls this, so later writes find it in memory.
    public func loadKey() async throws {
        let loaded = try await database.write { tx in try await self.readOrCreateKey(in: tx) }
        key.withLock { $0 = loaded }
    }

    /// The derivation key: the one loaded at start-up, or else read (or created) inside the
    /// caller's transaction so that no second write is awaited within it — not kept then, since
    /// that transaction may still roll back and leave another node's key the one that counts.
    func derivationKey(in tx: any SQLExecutor) async throws -> SymmetricKey {
        if let cached = key.withLock({ $0 }) { return cached }
        return try await readOrCreateKey(in: tx)
    }

    private func readOrCreateKey(in tx: any SQLExecutor) async throws -> SymmetricKey {
        let masterKeys = keyring.masterKeys
        let label = "secret:\(Self.secretName)"
        let fresh = SymmetricKey(size: .bits256)
        try await tx.execute(SQL(
            "INSERT INTO keyring_secrets (name, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
            [.text(Self.secretName), .text(masterKeys.currentID), .blob(KeyWrap.wrap(fresh, with: masterKeys.current, label: label)), .integer(now())]))
        guard let row = try await tx.first(SQL("SELECT kek_id, wrapped FROM keyring_secrets WHERE name = ?", [.text(Self.secretName)])) else {
            throw StoreError.corrupt("the partner reference secret vanished")
        }
        return try Keyring.unwrap(row, label: label, masterKeys: masterKeys)
    }

    /// `person`'s reference for `partner`, derived inside `tx` without issuing it.
    func derive(partner: String, person: String, in tx: any SQLExecutor) async throws -> String {
        PartnerReference.derive(partner: partner, person: person, key: try await derivationKey(in: tx))
    }

    /// Records `ref` as issued to `partner` for `person`, inside `tx` (when a share carrying it
    /// has gone out).
    static func markIssued(_ ref: String, partner: String, person: String, in tx: any SQLExecutor, at time: Int64) async throws {
        try await tx.execute(SQL(
            "INSERT INTO partner_refs (partner_id, ref, person_id, issued_at) VALUES (?, ?, ?, ?) ON CONFLICT (partner_id, ref) DO NOTHING",
            [.text(partner), .text(ref), .text(person), .integer(time)]))
    }

    /// Issues (records, if not yet) and returns `person`'s reference for `partner`, inside `tx`.
    func issue(partner: String, person: String, in tx: any SQLExecutor, at time: Int64) async throws -> String {
        let ref = try await derive(partner: partner, person: person, in: tx)
        try await Self.markIssued(ref, partner: partner, person: person, in: tx, at: time)
        return ref
    }

    /// `person`'s reference for `partner`, without issuing it.
    public func reference(partner: String, person: String) async throws -> String {
        if key.withLock({ $0 }) == nil { try await loadKey() }
        guard let loaded = key.withLock({ $0 }) else { throw StoreError.corrupt("the partner reference secret did not load") }
        return PartnerReference.derive(partner: partner, person: person, key: loaded)
    }

    /// Issues `person`'s reference for `partner` in a transaction of its own.
    public func issue(partner: String, person: String) async throws -> String {
        let time = now()
        return try await database.write { tx in try await self.issue(partner: partner, person: person, in: tx, at: time) }
    }

    /// The person `ref` was issued for to `partner`, or nil: never issued, issued to another
    /// partner, malformed, or its person erased — one answer for all.
    ///
    /// A reference whose first share is being pushed resolves too: the partner may call back
    /// as soon as the webhook arrives, before the outcome is recorded and the reference issued.
    public func resolve(_ ref: String, partner: String) async throws -> String? {
        guard PartnerReference.isWellFormed(ref) else { return nil }
        // One statement: a share's outcome is recorded (and its reference issued) in one
        // transaction, and two separate reads could fall either side of it and both miss.
        return try await database.read { db in
            try await db.first(SQL(
                """
                SELECT person_id FROM partner_refs WHERE partner_id = ? AND ref = ?
                UNION ALL
                SELECT person_id FROM partner_webhooks WHERE partner_id = ? AND ref = ? AND type = 'person.shared' AND status = 'pending'
                AND person_id IS NOT NULL
                LIMIT 1
                """,
                [.text(partner), .text(ref), .text(partner), .text(ref)]))?.text("person_id")
        }
    }

    /// The reference already issued to `partner` for `person`, if any: a partner holding one has
    /// learned of the person lawfully and may be told about them.
    public func issued(partner: String, person: String) async throws -> String? {
        try await database.read { db in
            try await db.first(SQL("SELECT ref FROM partner_refs WHERE partner_id = ? AND person_id = ?", [.text(partner), .text(person)]))?
                .text("ref")
        }
    }
}
