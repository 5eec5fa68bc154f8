import Crypto
import CustodianCore

extension ContactMessageStore {
    /// The person's own messages, newest first, opened with `access`.
    ///
    /// The access must be for `person` and cover `user.content.private`; otherwise nothing opens
    /// and the answer is empty.
    public func messages(of person: String, access: Access) async throws -> [ContactMessage] {
        guard access.permits(ContactRules.contentCategory, of: person) else { return [] }
        return try await database.read { [keyring] db in
            guard let key = try await keyring.dataKey(for: person, in: db) else { return [] }
            let rows = try await db.query(SQL(
                "SELECT \(Self.openColumns) FROM contact_messages WHERE person_id = ? ORDER BY created_at DESC, id DESC", [.text(person)]))
            return try rows.map { try Self.openRow($0, summary: try Self.summary($0), key: key, access: access) }
        }
    }

    /// Opens one message with `access`. Staff reads must be recorded by the caller (the server
    /// records `contact.read` with every category it opened, the sender's profile included)
    /// before the message is handed out.
    ///
    /// The access must be for the message's ``ContactMessageSummary/keySubject`` and cover
    /// `user.content.private`; a visitor's name, email and phone open only where it covers their
    /// categories too.
    /// - Returns: nil when there is no such message, its key is gone, or the access does not fit.
    public func message(_ id: String, access: Access) async throws -> ContactMessage? {
        try await database.read { [keyring] db -> ContactMessage? in
            guard let row = try await db.first(SQL("SELECT \(Self.openColumns) FROM contact_messages WHERE id = ?", [.text(id)])) else { return nil }
            let summary = try Self.summary(row)
            guard access.permits(ContactRules.contentCategory, of: summary.keySubject),
                  let key = try await keyring.dataKey(for: summary.keySubject, in: db)
            else { return nil }
            return try Self.openRow(row, summary: summary, key: key, access: access)
        }
    }

    static let openColumns = summaryColumns + ", subject_line, body, visitor_name, visitor_email, visitor_phone"

    static func openRow(_ row: SQLRow, summary: ContactMessageSummary, key: SealingKey, access: Access) throws -> ContactMessage {
        func value(_ column: String, _ name: String, category: String) throws -> String? {
            guard access.permits(category, of: summary.keySubject), let sealed = try row.optionalBlob(column) else { return nil }
            do {
                let plain = try FieldCipher.open(sealed, key: key, subject: summary.keySubject, field: field(message: summary.id, name))
                return String(decoding: plain, as: UTF8.self)
            } catch {
                throw StoreError.keyUnavailable("a sealed value of this message does not open")
            }
        }
        guard let subject = try value("subject_line", "subject", category: ContactRules.contentCategory),
              let body = try value("body", "body", category: ContactRules.contentCategory)
        else { throw StoreError.corrupt("a contact message without subject or body") }
        return ContactMessage(
            summary: summary, subject: subject, body: body,
            visitorName: try value("visitor_name", "name", category: ContactRules.nameCategory),
            visitorEmail: try value("visitor_email", "email", category: ContactRules.emailCategory),
            visitorPhone: try value("visitor_phone", "phone", category: ContactRules.phoneCategory))
    }
}
