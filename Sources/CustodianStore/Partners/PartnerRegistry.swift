import Crypto
import CustodianCore
import Foundation

/// The partner registry: partners, the purposes they are registered for, their webhook signing
/// secrets (wrapped by the master key in `keyring_secrets`, re-wrapped by `keys rotate`, shown
/// once), every change audited.
public final class PartnerRegistry: Sendable {
    /// The prefix of signing secrets, so leaked ones are recognisable.
    public static let secretPrefix = "whsec_"
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

    /// Registers a partner; returns it with its signing secret, shown this once. Throws
    /// `StoreError.conflict` when the name is taken.
    public func create(_ draft: PartnerDraft, actor: String, requestId: String? = nil) async throws -> (partner: Partner, secret: String) {
        let time = now()
        let partner = Partner(
            id: Identifiers.make(), name: draft.name, contact: draft.contact, grant: draft.grant, webhookURL: draft.webhookURL,
            push: draft.push, status: .active, createdAt: time, updatedAt: time)
        let secret = Self.newSecret()
        try await database.write { [keyring, audit] tx in
            if try await tx.first(SQL("SELECT id FROM partners WHERE name = ?", [.text(draft.name)])) != nil { throw StoreError.conflict }
            try await tx.execute(SQL(
                """
                INSERT INTO partners (id, name, contact, recipient, categories, source_categories, webhook_url, push, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(partner.id), .text(partner.name), .text(partner.contact), .text(partner.grant.recipient),
                    .text(Self.list(partner.grant.categories)), .text(Self.list(partner.grant.sourceCategories)),
                    partner.webhookURL.sqlValue, partner.push.sqlValue, .text(partner.status.rawValue), .integer(time), .integer(time),
                ]))
            try await Self.writePurposes(partner.id, partner.grant.purposes, in: tx)
            try await Self.storeSecret(secret, for: partner.id, masterKeys: keyring.masterKeys, in: tx, at: time)
            try await audit.append([AuditEvent(
                actor: actor, action: "partner.create", subject: partner.id, categories: partner.grant.categories, requestId: requestId,
                details: Self.details(partner))], in: tx)
        }
        return (partner, secret)
    }

    /// The partner with this id.
    public func find(id: String) async throws -> Partner? {
        try await database.read { db in try await Self.partner(id: id, in: db) }
    }

    /// Every partner, by name.
    public func list() async throws -> [Partner] {
        try await database.read { db in
            let purposes = try await Self.purposesByPartner(in: db)
            return try await db.query(SQL("SELECT * FROM partners ORDER BY name")).map { try Self.partner($0, purposes: purposes[try $0.text("id")] ?? []) }
        }
    }

    /// Applies `change`, audited; nil when there is no such partner.
    public func update(id: String, _ change: PartnerChange, actor: String, requestId: String? = nil) async throws -> Partner? {
        let time = now()
        let lock = database.dialect.forUpdate
        return try await database.write { [audit] tx -> Partner? in
            guard var partner = try await Self.partner(id: id, in: tx, lock: lock) else { return nil }
            if let contact = change.contact { partner.contact = contact }
            if let grant = change.grant { partner.grant = grant }
            if let url = change.webhookURL { partner.webhookURL = url }
            if let push = change.push { partner.push = push }
            if let status = change.status { partner.status = status }
            partner.updatedAt = time
            try await tx.execute(SQL(
                """
                UPDATE partners SET contact = ?, recipient = ?, categories = ?, source_categories = ?, webhook_url = ?, push = ?, status = ?,
                updated_at = ? WHERE id = ?
                """,
                [
                    .text(partner.contact), .text(partner.grant.recipient), .text(Self.list(partner.grant.categories)),
                    .text(Self.list(partner.grant.sourceCategories)), partner.webhookURL.sqlValue, partner.push.sqlValue,
                    .text(partner.status.rawValue), .integer(time), .text(id),
                ]))
            try await tx.execute(SQL("DELETE FROM partner_purposes WHERE partner_id = ?", [.text(id)]))
            try await Self.writePurposes(id, partner.grant.purposes, in: tx)
            try await audit.append([AuditEvent(
                actor: actor, action: "partner.update", subject: id, categories: partner.grant.categories, requestId: requestId,
                details: Self.details(partner))], in: tx)
            return partner
        }
    }

    /// Replaces the partner's signing secret; returns the new one, shown this once. Deliveries
    /// are signed with it from the next attempt on. Nil when there is no such partner.
    public func rotateSecret(id: String, actor: String, requestId: String? = nil) async throws -> String? {
        let secret = Self.newSecret()
        let time = now()
        let done = try await database.write { [keyring, audit] tx -> Bool in
            guard try await Self.partner(id: id, in: tx) != nil else { return false }
            try await Self.storeSecret(secret, for: id, masterKeys: keyring.masterKeys, in: tx, at: time)
            try await audit.append([AuditEvent(actor: actor, action: "partner.secret.rotate", subject: id, requestId: requestId)], in: tx)
            return true
        }
        return done ? secret : nil
    }

    /// The signing secret of `partner`, unwrapped, for signing a delivery.
    public func signingSecret(of partner: String) async throws -> String? {
        let name = Self.secretName(partner)
        let row = try await database.read { db in
            try await db.first(SQL("SELECT kek_id, wrapped FROM keyring_secrets WHERE name = ?", [.text(name)]))
        }
        guard let row else { return nil }
        let key = try Keyring.unwrap(row, label: "secret:\(name)", masterKeys: keyring.masterKeys)
        return key.withUnsafeBytes { Self.secretPrefix + Identifiers.base64URL(Array($0)) }
    }

    // MARK: - rows

    static func secretName(_ partner: String) -> String { "partner-webhook:\(partner)" }

    /// A signing secret's bytes; the secret string is these, encoded.
    static func newSecret() -> String {
        secretPrefix + Identifiers.base64URL(Identifiers.randomBytes(32))
    }

    static func storeSecret(_ secret: String, for partner: String, masterKeys: MasterKeys, in tx: any SQLExecutor, at time: Int64) async throws {
        guard let bytes = Self.secretBytes(secret) else { throw StoreError.corrupt("a signing secret does not decode") }
        let name = secretName(partner)
        let wrapped = KeyWrap.wrap(SymmetricKey(data: bytes), with: masterKeys.current, label: "secret:\(name)")
        try await tx.execute(SQL(
            """
            INSERT INTO keyring_secrets (name, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET kek_id = excluded.kek_id, wrapped = excluded.wrapped, created_at = excluded.created_at
            """,
            [.text(name), .text(masterKeys.currentID), .blob(wrapped), .integer(time)]))
    }

    static func secretBytes(_ secret: String) -> [UInt8]? {
        guard secret.hasPrefix(secretPrefix) else { return nil }
        var text = String(secret.dropFirst(secretPrefix.count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.utf8.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), data.count == 32 else { return nil }
        return Array(data)
    }

    static func list(_ values: [String]) -> String { values.joined(separator: ",") }

    static func split(_ text: String) -> [String] { text.isEmpty ? [] : text.split(separator: ",").map(String.init) }

    static func details(_ partner: Partner) -> [String: String] {
        [
            "name": partner.name, "recipient": partner.grant.recipient, "purposes": list(partner.grant.purposes),
            "sources": list(partner.grant.sourceCategories), "status": partner.status.rawValue, "push": String(partner.push),
            "webhook": partner.webhookURL == nil ? "none" : "set",
        ]
    }

    static func writePurposes(_ partner: String, _ purposes: [String], in tx: any SQLExecutor) async throws {
        try await tx.executeMany(
            "INSERT INTO partner_purposes (partner_id, purpose) VALUES (?, ?)", purposes.map { [.text(partner), .text($0)] })
    }

    /// - Parameter lock: the dialect's `FOR UPDATE`, to hold the row for the transaction.
    static func partner(id: String, in db: any SQLExecutor, lock: String = "") async throws -> Partner? {
        guard let row = try await db.first(SQL("SELECT * FROM partners WHERE id = ?" + lock, [.text(id)])) else { return nil }
        let purposes = try await db.query(SQL("SELECT purpose FROM partner_purposes WHERE partner_id = ? ORDER BY purpose", [.text(id)]))
            .map { try $0.text("purpose") }
        return try partner(row, purposes: purposes)
    }

    static func purposesByPartner(in db: any SQLExecutor) async throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for row in try await db.query(SQL("SELECT partner_id, purpose FROM partner_purposes ORDER BY purpose")) {
            result[try row.text("partner_id"), default: []].append(try row.text("purpose"))
        }
        return result
    }

    static func partner(_ row: SQLRow, purposes: [String]) throws -> Partner {
        guard let status = PartnerStatus(rawValue: try row.text("status")) else { throw StoreError.corrupt("a partner has an unknown status") }
        return Partner(
            id: try row.text("id"), name: try row.text("name"), contact: try row.text("contact"),
            grant: PartnerGrant(
                recipient: try row.text("recipient"), purposes: purposes, categories: split(try row.text("categories")),
                sourceCategories: split(try row.text("source_categories"))),
            webhookURL: try row.optionalText("webhook_url"), push: try row.int("push") != 0, status: status,
            createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
    }
}
