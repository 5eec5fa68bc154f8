import Crypto
import CustodianCore
import Foundation

/// Comments on pages, from visitors and signed-in people.
///
/// Each comment is sealed with a data key of its own (`comment:<id>`): its name, website and body,
/// which are published once approved, and its email address, which never is — this store has no
/// way to read an address back except the commenter's own export. The address is indexed only as
/// a keyed digest (kind `comment-email`): a comment from an address with an approved comment
/// before is approved at once, a first one waits for a moderator.
public final class CommentStore: Sendable {
    /// The blind-index kind of commenters' email addresses.
    public static let emailLookupKind = "comment-email"
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

    /// The key subject of a comment.
    public static func keySubject(_ id: String) -> String { "comment:\(id)" }

    /// The digest of an address's lookup form, e.g. to count submissions per address without
    /// holding the address.
    public func emailDigest(_ emailLookup: String) async throws -> [UInt8] {
        try await keyring.blindIndex().digest(kind: Self.emailLookupKind, value: emailLookup)
    }

    /// Stores and seals a comment, audited (`comment.create`), deciding its status in the same
    /// transaction: `spam` when flagged, `approved` when its address has an approved comment
    /// already, `pending` otherwise. Throws `StoreError.notFound` when the signed-in commenter
    /// no longer exists.
    public func create(_ draft: CommentDraft, actor: String, requestId: String? = nil) async throws -> CommentSummary {
        let id = Identifiers.make()
        let time = now()
        let subject = Self.keySubject(id)
        let digest = try await emailDigest(draft.emailLookup)
        return try await database.write { [keyring, audit] tx in
            if let person = draft.person, try await tx.first(SQL("SELECT id FROM people WHERE id = ?", [.text(person)])) == nil {
                throw StoreError.notFound
            }
            let status: CommentStatus
            if draft.flagged {
                status = .spam
            } else if try await tx.first(SQL(
                "SELECT id FROM comments WHERE email_digest = ? AND status = ? LIMIT 1", [.blob(digest), .text(CommentStatus.approved.rawValue)])) != nil {
                status = .approved
            } else {
                status = .pending
            }
            let key = try await keyring.createDataKey(for: subject, in: tx, now: time)
            func seal(_ text: String, _ field: String) -> SQLValue { .blob(Self.seal(text, key: key, subject: subject, comment: id, field: field)) }
            try await tx.execute(SQL(
                """
                INSERT INTO comments (id, page, status, person_id, key_subject, author_name, author_email, author_website, body, email_digest,
                created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(id), .text(draft.page), .text(status.rawValue), draft.person.sqlValue, .text(subject), seal(draft.name, "name"),
                    seal(draft.email, "email"), draft.website.map { seal($0, "website") } ?? .null, seal(draft.body, "body"), .blob(digest),
                    .integer(time), .integer(time),
                ]))
            try await audit.append([AuditEvent(
                actor: actor, action: "comment.create", subject: draft.person ?? subject,
                categories: [CommentRules.contentCategory, CommentRules.emailCategory], requestId: requestId,
                details: ["comment": id, "page": draft.page, "status": status.rawValue])], in: tx)
            return CommentSummary(id: id, page: draft.page, status: status, personId: draft.person, keySubject: subject, createdAt: time, updatedAt: time)
        }
    }

    /// The comment with this id, unopened.
    public func summary(id: String) async throws -> CommentSummary? {
        try await database.read { db in
            try await db.first(SQL("SELECT \(Self.summaryColumns) FROM comments WHERE id = ?", [.text(id)])).map(Self.summary)
        }
    }

    /// Comments newest first, `limit` after `cursor`, of one page and status when given. Each is
    /// opened with the access `access` gives for it (nil: left closed); the address never is.
    public func list(
        page: String? = nil, status: CommentStatus? = nil, limit: Int, after cursor: PageCursor? = nil,
        access: @Sendable (CommentSummary) -> Access?
    ) async throws -> [CommentRecord] {
        let condition = PageCursor.condition(cursor)
        var conditions = [condition.sql]
        var binds = condition.binds
        if let page {
            conditions.append("page = ?")
            binds.append(.text(page))
        }
        if let status {
            conditions.append("status = ?")
            binds.append(.text(status.rawValue))
        }
        binds.append(.integer(Int64(limit)))
        let sql = SQL(
            "SELECT \(Self.openColumns) FROM comments WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at DESC, id DESC LIMIT ?", binds)
        return try await database.read { [keyring] db in
            var records: [CommentRecord] = []
            for row in try await db.query(sql) {
                let summary = try Self.summary(row)
                guard let granted = access(summary), granted.permits(CommentRules.contentCategory, of: summary.keySubject),
                      let key = try await keyring.dataKey(for: summary.keySubject, in: db)
                else {
                    records.append(CommentRecord(summary: summary, content: nil))
                    continue
                }
                records.append(CommentRecord(summary: summary, content: try Self.open(row, summary: summary, key: key)))
            }
            return records
        }
    }

    /// How many comments a page has in `status`.
    public func count(page: String, status: CommentStatus) async throws -> Int {
        try await database.read { db in
            Int(try await db.query(SQL("SELECT COUNT(*) AS n FROM comments WHERE page = ? AND status = ?", [.text(page), .text(status.rawValue)]))[0].int("n"))
        }
    }

    /// Changes a comment's status, audited (`comment.status`, with from and to); nil when there
    /// is no such comment.
    public func setStatus(_ id: String, to status: CommentStatus, actor: String, requestId: String? = nil) async throws -> CommentSummary? {
        let time = now()
        return try await database.write { [audit] tx -> CommentSummary? in
            guard var summary = try await tx.first(SQL("SELECT \(Self.summaryColumns) FROM comments WHERE id = ?", [.text(id)])).map(Self.summary)
            else { return nil }
            try await tx.execute(SQL("UPDATE comments SET status = ?, updated_at = ? WHERE id = ?", [.text(status.rawValue), .integer(time), .text(id)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "comment.status", subject: summary.personId ?? summary.keySubject, requestId: requestId,
                details: ["comment": id, "from": summary.status.rawValue, "to": status.rawValue])], in: tx)
            summary.status = status
            summary.updatedAt = time
            return summary
        }
    }

    /// Erases one comment, audited (`comment.erase`): shreds its key, then deletes the row.
    /// Returns false when there is no such comment.
    @discardableResult
    public func erase(_ id: String, actor: String, requestId: String? = nil) async throws -> Bool {
        let erased = try await database.write { [keyring, audit] tx -> Bool in
            guard let summary = try await tx.first(SQL("SELECT \(Self.summaryColumns) FROM comments WHERE id = ?", [.text(id)])).map(Self.summary)
            else { return false }
            try await keyring.shred(summary.keySubject, in: tx)
            try await tx.execute(SQL("DELETE FROM comments WHERE id = ?", [.text(id)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "comment.erase", subject: summary.personId ?? summary.keySubject, requestId: requestId,
                details: ["comment": id])], in: tx)
            return true
        }
        if erased, let sqlite = database as? SQLiteDatabase {
            // As for people: the WAL holds page images with the wrapped key until checkpointed.
            try await sqlite.checkpoint()
        }
        return erased
    }

    // MARK: - rows

    static let summaryColumns = "id, page, status, person_id, key_subject, created_at, updated_at"
    static let openColumns = summaryColumns + ", author_name, author_website, body"

    static func summary(_ row: SQLRow) throws -> CommentSummary {
        guard let status = CommentStatus(rawValue: try row.text("status")) else { throw StoreError.corrupt("unknown comment status") }
        return CommentSummary(
            id: try row.text("id"), page: try row.text("page"), status: status, personId: try row.optionalText("person_id"),
            keySubject: try row.text("key_subject"), createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
    }

    static func open(_ row: SQLRow, summary: CommentSummary, key: SealingKey) throws -> CommentContent {
        func value(_ column: String, _ name: String) throws -> String? {
            guard let sealed = try row.optionalBlob(column) else { return nil }
            do {
                return String(decoding: try FieldCipher.open(sealed, key: key, subject: summary.keySubject, field: field(comment: summary.id, name)), as: UTF8.self)
            } catch {
                throw StoreError.keyUnavailable("a sealed value of this comment does not open")
            }
        }
        guard let name = try value("author_name", "name"), let body = try value("body", "body") else {
            throw StoreError.corrupt("a comment without name or body")
        }
        return CommentContent(name: name, website: try value("author_website", "website"), body: body)
    }

    /// The associated-data field of a comment's sealed value: bound to the comment and the field,
    /// so a value moved to another comment or field does not open.
    static func field(comment: String, _ name: String) -> String { "comment/\(comment)/\(name)" }

    static func seal(_ text: String, key: SealingKey, subject: String, comment: String, field name: String) -> [UInt8] {
        FieldCipher.seal(Array(text.utf8), key: key, subject: subject, field: field(comment: comment, name))
    }
}
