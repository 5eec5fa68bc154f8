import CustodianCore
import Foundation

/// An attribute a partner sent about a person, as accepted.
public struct ReceivedAttribute: Sendable, Equatable {
    /// The partner's own field name (`loyalty_tier`).
    public var field: String
    public var category: String
    public var value: String

    public init(field: String, category: String, value: String) {
        self.field = field
        self.category = category
        self.value = value
    }
}

/// An attribute from a partner as the person sees it: by source.
public struct ReceivedValue: Sendable, Equatable {
    /// `partner:<name>`.
    public var source: String
    public var field: String
    public var category: String
    public var value: String
    public var updatedAt: Int64
}

/// What partners send about people: stored in `person_attributes` beside the person's own data,
/// sealed with the person's data key (so erasure shreds it), with source `partner:<name>` and the
/// field namespaced as `partner/<name>/<field>`, so a partner can never overwrite what the person
/// gave or another partner sent.
public final class PartnerRecords: Sendable {
    let database: any SQLDatabase
    let keyring: Keyring
    let references: PartnerReferences
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, keyring: Keyring, references: PartnerReferences, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.keyring = keyring
        self.references = references
        self.audit = audit
        self.now = now
    }

    /// The stored field name of a partner's field.
    public static func storedField(partner: String, field: String) -> String { "partner/\(partner)/\(field)" }

    /// Stores an accepted record and issues the partner's reference for the person, audited
    /// (`partner.record.accept`, with the basis relied on per category); returns the reference.
    /// Throws `StoreError.notFound` when the person is gone (erased meanwhile).
    public func accept(
        _ attributes: [ReceivedAttribute], person: String, partner: Partner, bases: [String: String], actor: String, requestId: String? = nil
    ) async throws -> String {
        let time = now()
        return try await database.write { [keyring, references, audit] tx in
            guard try await tx.first(SQL("SELECT id FROM people WHERE id = ?", [.text(person)])) != nil,
                  let key = try await keyring.dataKey(for: person, in: tx)
            else { throw StoreError.notFound }
            let stored = attributes.map {
                PersonAttribute(field: Self.storedField(partner: partner.name, field: $0.field), category: $0.category, source: partner.source, value: $0.value)
            }
            try await PersonVault.write(stored, person: person, key: key, in: tx, at: time)
            let ref = try await references.issue(partner: partner.id, person: person, in: tx, at: time)
            try await audit.append([AuditEvent(
                actor: actor, action: "partner.record.accept", subject: person, categories: Array(Set(attributes.map(\.category))).sorted(),
                requestId: requestId,
                details: ["partner": partner.id, "bases": bases.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")])],
                in: tx)
            return ref
        }
    }

    /// Everything partners sent about `person`, opened for the person themselves (their right of
    /// access, not a use of the data, so it is not a purpose the gate decides), newest first.
    /// The read is audited (`person.received.read`).
    public func received(by person: String, actor: String, requestId: String? = nil) async throws -> [ReceivedValue] {
        let values = try await database.read { [keyring] db -> [ReceivedValue] in
            guard let key = try await keyring.dataKey(for: person, in: db) else { return [] }
            let rows = try await db.query(SQL(
                """
                SELECT field, category, source, value, updated_at FROM person_attributes
                WHERE person_id = ? AND source LIKE 'partner:%' ORDER BY updated_at DESC, field
                """,
                [.text(person)]))
            return try rows.map { row in
                let field = try row.text("field")
                let plain: [UInt8]
                do {
                    plain = try FieldCipher.open(try row.blob("value"), key: key, subject: person, field: field)
                } catch {
                    throw StoreError.keyUnavailable("a sealed value of this person does not open")
                }
                let source = try row.text("source")
                let prefix = "partner/\(source.dropFirst("partner:".count))/"
                return ReceivedValue(
                    source: source, field: field.hasPrefix(prefix) ? String(field.dropFirst(prefix.count)) : field,
                    category: try row.text("category"), value: String(decoding: plain, as: UTF8.self), updatedAt: try row.int("updated_at"))
            }
        }
        try await audit.record(AuditEvent(
            actor: actor, action: "person.received.read", subject: person, categories: Array(Set(values.map(\.category))).sorted(),
            requestId: requestId, details: ["count": String(values.count)]))
        return values
    }
}
