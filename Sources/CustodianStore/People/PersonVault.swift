import Crypto
import CustodianCore
import Foundation

/// A stored attribute of a person, in the clear only in memory.
public struct PersonAttribute: Sendable, Equatable {
    /// The field name (`name`, `email`, `birthDate` …), part of the sealed value's associated data.
    public var field: String
    /// The fideslang data category (`user.contact.email` …).
    public var category: String
    /// `provided`, `automatic` or `partner:<name>`.
    public var source: String
    public var value: String

    public init(field: String, category: String, source: String, value: String) {
        self.field = field
        self.category = category
        self.source = source
        self.value = value
    }
}

/// A value to index for exact-match lookup, normalised by the caller.
public struct LookupKey: Sendable, Equatable {
    public var kind: String
    public var value: String

    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }
}

/// People and their sealed attributes: every value sealed with the person's own data key,
/// lookups through the blind index only, erasure by crypto-shredding.
public final class PersonVault: Sendable {
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

    /// Creates a person with a fresh data key; returns the id. Throws `StoreError.conflict` when
    /// a lookup key is already taken (e.g. an email already registered).
    public func create(
        attributes: [PersonAttribute], lookups: [LookupKey], passwordHash: String? = nil, service: String? = nil,
        actor: String, requestId: String? = nil
    ) async throws -> String {
        let id = Identifiers.make()
        let time = now()
        let index = try await keyring.blindIndex()
        try await database.write { [keyring, audit] tx in
            try await tx.execute(SQL(
                "INSERT INTO people (id, status, created_at, updated_at, service_id) VALUES (?, 'active', ?, ?, ?)",
                [.text(id), .integer(time), .integer(time), service.sqlValue]
            ))
            let key = try await keyring.createDataKey(for: id, in: tx, now: time)
            try await Self.write(attributes, person: id, key: key, in: tx, at: time, service: service)
            try await tx.executeMany(
                "INSERT INTO person_lookup (kind, digest, person_id) VALUES (?, ?, ?)",
                lookups.map { [.text($0.kind), .blob(index.digest(kind: $0.kind, value: $0.value)), .text(id)] }
            )
            if let passwordHash {
                try await tx.execute(SQL(
                    "INSERT INTO credentials (person_id, password_hash, updated_at) VALUES (?, ?, ?)",
                    [.text(id), .text(passwordHash), .integer(time)]
                ))
            }
            try await audit.append([AuditEvent(
                actor: actor, action: "person.create", subject: id,
                categories: attributes.map(\.category), requestId: requestId
            )], in: tx)
        }
        return id
    }

    /// The person indexed under `lookup`, if any.
    public func find(_ lookup: LookupKey) async throws -> String? {
        let digest = try await keyring.blindIndex().digest(kind: lookup.kind, value: lookup.value)
        return try await database.read { db in
            try await db.first(SQL("SELECT person_id FROM person_lookup WHERE kind = ? AND digest = ?", [.text(lookup.kind), .blob(digest)]))?
                .text("person_id")
        }
    }

    /// Whether a person with this id exists (and has not been erased).
    public func exists(_ person: String) async throws -> Bool {
        try await database.read { db in
            try await db.first(SQL("SELECT id FROM people WHERE id = ?", [.text(person)])) != nil
        }
    }

    /// Opens every attribute of `person`. Internal: callers outside the store go through an
    /// access decision (the purpose gate) first.
    func openAttributes(of person: String) async throws -> [PersonAttribute] {
        try await database.read { [keyring] db in
            guard let key = try await keyring.dataKey(for: person, in: db) else { return [] }
            let rows = try await db.query(SQL(
                "SELECT field, category, source, value FROM person_attributes WHERE person_id = ? ORDER BY field",
                [.text(person)]
            ))
            return try rows.map { row in
                let field = try row.text("field")
                let plain: [UInt8]
                do {
                    plain = try FieldCipher.open(try row.blob("value"), key: key, subject: person, field: field)
                } catch {
                    throw StoreError.keyUnavailable("a sealed value of this person does not open")
                }
                return PersonAttribute(field: field, category: try row.text("category"), source: try row.text("source"), value: String(decoding: plain, as: UTF8.self))
            }
        }
    }

    /// Erases a person, keeping none of their out-of-scope records; see ``erase(_:retaining:actor:requestId:)``.
    @discardableResult
    public func erase(_ person: String, actor: String, requestId: String? = nil) async throws -> Bool {
        try await erase(person, retaining: [], actor: actor, requestId: requestId)
    }

    /// Erases a person: destroys their data key (crypto-shredding), then deletes their rows.
    /// Returns false when there is no such person.
    ///
    /// In the same transaction, partners that received the person's data get an erasure notice
    /// in the outbox (by their pseudonymous reference only), and out-of-scope records about the
    /// person are deleted — except those of the exclusions in `retaining`, which the policy keeps:
    /// they are detached from the person and stripped of what identifies them.
    @discardableResult
    public func erase(_ person: String, retaining: Set<String>, actor: String, requestId: String? = nil) async throws -> Bool {
        let time = now()
        let index = try await keyring.blindIndex()
        let erased = try await database.write { [keyring, audit] tx -> Bool in
            guard try await tx.first(SQL("SELECT id FROM people WHERE id = ?", [.text(person)])) != nil else { return false }
            // Comments made signed in, or signed out with the person's address (needs their key).
            let comments = try await CommentStore.applyErasure(of: person, index: index, keyring: keyring, in: tx)
            // Before the key goes: kept records are scrubbed of the identifiers only it opens.
            let outOfScope = try await OutOfScopeStore.applyErasure(of: person, keeping: retaining, keyring: keyring, in: tx, at: time) {
                try await Self.identifiers(of: person, keyring: keyring, in: tx)
            }
            let notified = try await PartnerPropagation.erasureNotices(for: person, in: tx, at: time)
            try await keyring.shred(person, in: tx)
            // Events first: those collected under the person's linked ids are found through the links.
            try await EventStore.erase(person, in: tx)
            try await tx.execute(SQL("DELETE FROM people WHERE id = ?", [.text(person)]))
            var details: [String: String] = [:]
            if notified > 0 { details["partnersNotified"] = String(notified) }
            if comments > 0 { details["commentsErased"] = String(comments) }
            if outOfScope.detached + outOfScope.erased > 0 {
                details["outOfScopeKept"] = String(outOfScope.detached)
                details["outOfScopeErased"] = String(outOfScope.erased)
            }
            try await audit.append([AuditEvent(actor: actor, action: "person.erase", subject: person, requestId: requestId, details: details)], in: tx)
            return true
        }
        if erased, let sqlite = database as? SQLiteDatabase {
            // The WAL still holds page images with the wrapped key until it is checkpointed.
            try await sqlite.checkpoint()
        }
        return erased
    }

    /// The person's names, email addresses and phone numbers (their own and those partners sent),
    /// opened inside `tx`, for scrubbing what is kept after their erasure.
    static func identifiers(of person: String, keyring: Keyring, in tx: any SQLExecutor) async throws -> IdentifierScrubber {
        guard let key = try await keyring.dataKey(for: person, in: tx) else { return IdentifierScrubber() }
        let rows = try await tx.query(SQL(
            "SELECT field, category, value FROM person_attributes WHERE person_id = ? AND category IN (?, ?, ?)",
            [.text(person), .text("user.name"), .text("user.contact.email"), .text("user.contact.phone_number")]))
        var values: [String: [String]] = [:]
        for row in rows {
            let field = try row.text("field")
            guard let plain = try? FieldCipher.open(try row.blob("value"), key: key, subject: person, field: field) else { continue }
            values[try row.text("category"), default: []].append(String(decoding: plain, as: UTF8.self))
        }
        return IdentifierScrubber(
            names: values["user.name"] ?? [], emails: values["user.contact.email"] ?? [], phones: values["user.contact.phone_number"] ?? [])
    }

    static func write(_ attributes: [PersonAttribute], person: String, key: SealingKey, in tx: any SQLExecutor, at time: Int64, service: String? = nil) async throws {
        try await tx.executeMany(
            """
            INSERT INTO person_attributes (person_id, field, category, source, value, updated_at, service_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (person_id, field) DO UPDATE SET category = excluded.category, source = excluded.source,
            value = excluded.value, updated_at = excluded.updated_at, service_id = excluded.service_id
            """,
            attributes.map { attribute in
                [
                    .text(person), .text(attribute.field), .text(attribute.category), .text(attribute.source),
                    .blob(FieldCipher.seal(Array(attribute.value.utf8), key: key, subject: person, field: attribute.field)),
                    .integer(time), service.sqlValue,
                ]
            }
        )
    }
}
