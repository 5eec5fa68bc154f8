import Crypto
import CustodianCore
import Foundation

/// Messages to customer service, from people and from visitors.
///
/// Subjects, bodies and a visitor's contact details are sealed: with the person's data key (so
/// erasing the person shreds them), or with a data key made for the message alone
/// (`contact:<id>`), so erasing a visitor's message is shredding that key. A visitor's email
/// address is findable only through the blind index (kind `contact-email`).
public final class ContactMessageStore: Sendable {
    /// The blind-index kind of visitors' email addresses.
    public static let emailLookupKind = "contact-email"
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

    /// The key subject of a visitor's message.
    public static func visitorKeySubject(_ id: String) -> String { "contact:\(id)" }

    /// Stores and seals a message, audited (`contact.create`). Throws `StoreError.notFound` when
    /// the sending person does not exist (or has been erased).
    public func create(_ draft: ContactDraft, actor: String, requestId: String? = nil) async throws -> ContactMessageSummary {
        let id = Identifiers.make()
        let time = now()
        let index = try await keyring.blindIndex()
        return try await database.write { [keyring, audit] tx in
            let personId: String?
            let keySubject: String
            let key: SealingKey
            var visitorColumns: [SQLValue] = [.null, .null, .null, .null]
            var categories = [ContactRules.contentCategory]
            switch draft.sender {
            case .person(let person):
                guard try await tx.first(SQL("SELECT id FROM people WHERE id = ?", [.text(person)])) != nil,
                      let personKey = try await keyring.dataKey(for: person, in: tx)
                else { throw StoreError.notFound }
                (personId, keySubject, key) = (person, person, personKey)
            case .visitor(let visitor, let emailLookup):
                keySubject = Self.visitorKeySubject(id)
                personId = nil
                key = try await keyring.createDataKey(for: keySubject, in: tx, now: time)
                visitorColumns = [
                    .blob(Self.seal(visitor.name, key: key, subject: keySubject, message: id, field: "name")),
                    .blob(Self.seal(visitor.email, key: key, subject: keySubject, message: id, field: "email")),
                    visitor.phone.map { .blob(Self.seal($0, key: key, subject: keySubject, message: id, field: "phone")) } ?? .null,
                    .blob(index.digest(kind: Self.emailLookupKind, value: emailLookup)),
                ]
                categories += [ContactRules.nameCategory, ContactRules.emailCategory] + (visitor.phone == nil ? [] : [ContactRules.phoneCategory])
            }
            let sealed: [SQLValue] = [
                .blob(Self.seal(draft.subject, key: key, subject: keySubject, message: id, field: "subject")),
                .blob(Self.seal(draft.body, key: key, subject: keySubject, message: id, field: "body")),
            ]
            try await tx.execute(SQL(
                """
                INSERT INTO contact_messages (id, person_id, key_subject, topic, status, subject_line, body, visitor_name, visitor_email,
                visitor_phone, email_digest, service_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(id), personId.sqlValue, .text(keySubject), .text(draft.topic.rawValue), .text(draft.status.rawValue)]
                    + sealed + visitorColumns + [draft.service.sqlValue, .integer(time), .integer(time)]
            ))
            try await audit.append([AuditEvent(
                actor: actor, action: "contact.create", subject: personId ?? keySubject, categories: categories, requestId: requestId,
                details: ["message": id, "topic": draft.topic.rawValue, "status": draft.status.rawValue]
            )], in: tx)
            return ContactMessageSummary(
                id: id, personId: personId, keySubject: keySubject, topic: draft.topic, status: draft.status, service: draft.service,
                createdAt: time, updatedAt: time)
        }
    }

    /// The message with this id, unopened.
    public func summary(id: String) async throws -> ContactMessageSummary? {
        try await database.read { db in
            try await db.first(SQL("SELECT \(Self.summaryColumns) FROM contact_messages WHERE id = ?", [.text(id)])).map(Self.summary)
        }
    }

    /// Messages newest first, `limit` after `cursor`, optionally of one status and topic.
    public func list(status: ContactStatus? = nil, topic: ContactTopic? = nil, limit: Int, after cursor: PageCursor? = nil) async throws -> [ContactMessageSummary] {
        let page = PageCursor.condition(cursor)
        var conditions = [page.sql]
        var binds = page.binds
        if let status {
            conditions.append("status = ?")
            binds.append(.text(status.rawValue))
        }
        if let topic {
            conditions.append("topic = ?")
            binds.append(.text(topic.rawValue))
        }
        binds.append(.integer(Int64(limit)))
        let sql = SQL(
            "SELECT \(Self.summaryColumns) FROM contact_messages WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at DESC, id DESC LIMIT ?",
            binds)
        return try await database.read { db in try await db.query(sql).map(Self.summary) }
    }

    /// Visitors' messages sent from this email address (the lookup form: lower-cased), newest
    /// first, for an access or erasure request. Audited (`contact.search`) without the address.
    public func messages(fromVisitorEmail emailLookup: String, actor: String, requestId: String? = nil) async throws -> [ContactMessageSummary] {
        let digest = try await keyring.blindIndex().digest(kind: Self.emailLookupKind, value: emailLookup)
        let found = try await database.read { db in
            try await db.query(SQL(
                "SELECT \(Self.summaryColumns) FROM contact_messages WHERE email_digest = ? ORDER BY created_at DESC, id DESC",
                [.blob(digest)]
            )).map(Self.summary)
        }
        try await audit.record(AuditEvent(
            actor: actor, action: "contact.search", categories: [ContactRules.emailCategory], requestId: requestId,
            details: ["found": String(found.count)]))
        return found
    }

    /// Changes a message's status, audited (`contact.status`); nil when there is no such message.
    public func setStatus(_ id: String, to status: ContactStatus, actor: String, requestId: String? = nil) async throws -> ContactMessageSummary? {
        let time = now()
        return try await database.write { [audit] tx -> ContactMessageSummary? in
            guard var summary = try await tx.first(SQL("SELECT \(Self.summaryColumns) FROM contact_messages WHERE id = ?", [.text(id)])).map(Self.summary)
            else { return nil }
            guard summary.status != status else { return summary }
            try await tx.execute(SQL("UPDATE contact_messages SET status = ?, updated_at = ? WHERE id = ?", [.text(status.rawValue), .integer(time), .text(id)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "contact.status", subject: summary.personId ?? summary.keySubject, requestId: requestId,
                details: ["message": id, "from": summary.status.rawValue, "to": status.rawValue]
            )], in: tx)
            summary.status = status
            summary.updatedAt = time
            return summary
        }
    }

    /// Erases one message, audited (`contact.erase`): a visitor's by shredding its key, then the
    /// row. Returns false when there is no such message.
    @discardableResult
    public func erase(_ id: String, actor: String, requestId: String? = nil) async throws -> Bool {
        let erased = try await database.write { [keyring, audit] tx -> Bool in
            guard let summary = try await tx.first(SQL("SELECT \(Self.summaryColumns) FROM contact_messages WHERE id = ?", [.text(id)])).map(Self.summary)
            else { return false }
            if summary.isFromVisitor { try await keyring.shred(summary.keySubject, in: tx) }
            try await tx.execute(SQL("DELETE FROM contact_messages WHERE id = ?", [.text(id)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "contact.erase", subject: summary.personId ?? summary.keySubject, requestId: requestId,
                details: ["message": id])], in: tx)
            return true
        }
        if erased, let sqlite = database as? SQLiteDatabase {
            // As for people: the WAL holds page images with the wrapped key until checkpointed.
            try await sqlite.checkpoint()
        }
        return erased
    }

    // MARK: - rows

    static let summaryColumns = "id, person_id, key_subject, topic, status, service_id, created_at, updated_at"

    static func summary(_ row: SQLRow) throws -> ContactMessageSummary {
        guard let topic = ContactTopic(rawValue: try row.text("topic")), let status = ContactStatus(rawValue: try row.text("status")) else {
            throw StoreError.corrupt("unknown contact message topic or status")
        }
        return ContactMessageSummary(
            id: try row.text("id"), personId: try row.optionalText("person_id"), keySubject: try row.text("key_subject"), topic: topic,
            status: status, service: try row.optionalText("service_id"), createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
    }

    /// The associated-data field of a message's sealed value: bound to the message and the field,
    /// so a value moved to another message or field does not open.
    static func field(message: String, _ name: String) -> String { "contact/\(message)/\(name)" }

    static func seal(_ text: String, key: SealingKey, subject: String, message: String, field name: String) -> [UInt8] {
        FieldCipher.seal(Array(text.utf8), key: key, subject: subject, field: field(message: message, name))
    }
}
