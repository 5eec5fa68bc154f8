import CustodianCore
import Foundation

/// One value of an exported row: as stored, opened from its seal, or withheld with the reason.
public enum ExportValue: Sendable, Equatable, Encodable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// A sealed value, opened for the person.
    case opened(String)
    /// Not given out: a one-way digest, key material or a secret the person cannot use.
    case withheld(String)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .integer(let value): try container.encode(value)
        case .real(let value): try container.encode(value)
        case .text(let value), .opened(let value): try container.encode(value)
        case .withheld(let reason): try container.encode(["withheld": reason])
        }
    }

    /// The value as text for pages; nil for null.
    public var display: String? {
        switch self {
        case .null: nil
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value), .opened(let value): value
        case .withheld(let reason): "(withheld: \(reason))"
        }
    }
}

/// Every row the store holds about one person, table by table, with sealed values opened.
public struct PersonExport: Sendable {
    public struct Table: Sendable {
        public let name: String
        public let columns: [String]
        public let rows: [[ExportValue]]
    }

    public let person: String
    public let tables: [Table]

    /// The table named `name`, when it holds rows about the person.
    public func table(_ name: String) -> Table? { tables.first { $0.name == name } }
}

/// Reads a person's export: every table with a `person_id` column (found in the schema, so a table
/// added later is exported without code here), the rows reached through them (survey answers,
/// webhook attempts), and the audit entries about the person. Sealed columns are opened with the
/// key they were sealed under; digests, keys and secrets are withheld, saying so.
public struct PersonExporter: Sendable {
    let database: any SQLDatabase
    let keyring: Keyring
    let audit: AuditLog

    public init(database: any SQLDatabase, keyring: Keyring, audit: AuditLog) {
        self.database = database
        self.keyring = keyring
        self.audit = audit
    }

    /// Tables reached through another table's `person_id`: name and the query (one bind: the person).
    static let related: [(table: String, sql: String)] = [
        ("people", "SELECT * FROM people WHERE id = ?"),
        ("survey_answers", """
            SELECT a.*, r.key_subject AS response_key_subject FROM survey_answers a
            JOIN survey_responses r ON r.id = a.response_id WHERE r.person_id = ? ORDER BY a.response_id, a.question_id
            """),
        ("partner_webhook_attempts", """
            SELECT t.* FROM partner_webhook_attempts t JOIN partner_webhooks w ON w.id = t.webhook_id
            WHERE w.person_id = ? ORDER BY t.webhook_id, t.attempt
            """),
        ("audit_log", "SELECT * FROM audit_log WHERE subject = ? ORDER BY seq"),
    ]

    /// Columns never given out, by name: what they hold and why not.
    static let withheld: [String: String] = [
        "password_hash": "a one-way password hash",
        "token_hash": "a one-way hash of a session token",
        "code_digest": "a one-way hash of a one-time code",
        "digest": "a one-way lookup digest",
        "email_digest": "a one-way lookup digest",
        "anonymous_digest": "a one-way lookup digest",
        "device_digest": "a one-way lookup digest",
        "address_key": "a one-way digest of a network address",
        "wrapped": "key material",
        "response_key_subject": "an internal key reference",
        "result_sealed": "a copy of an earlier export of this same data",
    ]

    /// The names of the tables with a `person_id` column, from the live schema.
    public static func personTables(in db: any SQLExecutor, dialect: SQLDialect) async throws -> [String] {
        let sql: String =
            switch dialect {
            case .sqlite:
                """
                SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND p.name = 'person_id' ORDER BY m.name
                """
            case .postgres:
                """
                SELECT c.relname AS name FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND a.attname = 'person_id' AND NOT a.attisdropped
                  AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                ORDER BY c.relname
                """
            }
        return try await db.query(SQL(sql)).map { try $0.text("name") }
    }

    /// The export, read in one snapshot and audited (`person.export`). `access` must be the
    /// person's own subject access from the gate.
    public func export(of person: String, access: Access, actor: String, requestId: String? = nil) async throws -> PersonExport {
        guard access.subject == person, access.purpose == PurposeGate.subjectAccessPurpose else {
            throw StoreError.keyUnavailable("an export needs the person's own subject access")
        }
        let dialect = database.dialect
        let export = try await database.read { [keyring] db -> PersonExport in
            var keys: [String: SealingKey?] = [:]
            func key(_ subject: String) async throws -> SealingKey? {
                if let known = keys[subject] { return known }
                let found = try await keyring.dataKey(for: subject, in: db)
                keys[subject] = found
                return found
            }
            var tables: [PersonExport.Table] = []
            var queries = try await Self.personTables(in: db, dialect: dialect).map {
                (table: $0, sql: "SELECT * FROM \($0) WHERE person_id = ?")
            }
            queries.insert(contentsOf: Self.related.prefix(1), at: 0)
            queries += Self.related.dropFirst()
            // A value sealed once and stored with many rows (the SDK's batch shares one sealed IP)
            // opens once: by where it was sealed and its bytes.
            var opened: [OpenedKey: ExportValue] = [:]
            for query in queries {
                let rows = try await db.query(SQL(query.sql, [.text(person)]))
                guard let first = rows.first else { continue }
                let columns = first.columns
                let withheldReasons = columns.map { Self.withheld[$0] }
                // Whether a column is sealed depends on the table and column only: asked once.
                var sealedColumn = [Bool?](repeating: nil, count: columns.count)
                var out: [[ExportValue]] = []
                out.reserveCapacity(rows.count)
                for row in rows {
                    var values: [ExportValue] = []
                    values.reserveCapacity(columns.count)
                    for (index, column) in columns.enumerated() {
                        let stored = row.values[index]
                        if case .null = stored {
                            values.append(.null)
                            continue
                        }
                        if let reason = withheldReasons[index] {
                            values.append(.withheld(reason))
                            continue
                        }
                        let sealing: (subject: String?, field: String)?
                        switch stored {
                        case .null: continue
                        case .integer(let value):
                            values.append(.integer(value))
                            continue
                        case .real(let value):
                            values.append(.real(value))
                            continue
                        case .text(let text) where sealedColumn[index] == false:
                            values.append(.text(text))
                            continue
                        case .text, .blob:
                            sealing = try Self.sealedAt(table: query.table, column: column, row: row, person: person)
                            sealedColumn[index] = sealing != nil
                        }
                        guard let sealing else {
                            switch stored {
                            case .blob(let bytes): values.append(.withheld("stored bytes that are not a sealed value (\(bytes.count) bytes)"))
                            case .text(let text): values.append(.text(text))
                            default: values.append(.null)
                            }
                            continue
                        }
                        // PostgreSQL hands some byte columns back as text; read them as bytes.
                        let box: [UInt8] = if case .blob(let bytes) = stored { bytes } else if case .text(let text) = stored { Array(text.utf8) } else { [] }
                        let memo = OpenedKey(subject: sealing.subject, field: sealing.field, box: box)
                        if let known = opened[memo] {
                            values.append(known)
                        } else {
                            let value = try await Self.open(box, sealing: sealing, key: key)
                            opened[memo] = value
                            values.append(value)
                        }
                    }
                    out.append(values)
                }
                tables.append(PersonExport.Table(name: query.table, columns: columns, rows: out))
            }
            return PersonExport(person: person, tables: tables)
        }
        try await audit.record(AuditEvent(
            actor: actor, action: "person.export", subject: person, purpose: PurposeGate.subjectAccessPurpose,
            requestId: requestId,
            details: ["tables": String(export.tables.count), "rows": String(export.tables.reduce(0) { $0 + $1.rows.count })]))
        return export
    }

    /// Where a sealed column's value was sealed: the key's subject and the field (associated data).
    static func sealedAt(table: String, column: String, row: SQLRow, person: String) throws -> (subject: String?, field: String)? {
        // Read only for the columns that need it: this runs for every text value exported, and a
        // row without an `id` (events) would otherwise be searched, and fail, for each of them.
        var id: String? { try? row.text("id") }
        switch (table, column) {
        case ("person_attributes", "value"): return (person, try row.text("field"))
        case ("events", "ip_sealed"): return (try row.optionalText("seal_subject"), "event.ip")
        case ("events", "device_id_sealed"): return (try row.optionalText("seal_subject"), "event.device_id")
        case ("outbox", "payload"): return id.map { (person, Outbox.payloadField($0)) }
        case ("url_sightings", "url"): return id.map { (try? row.optionalText("key_subject"), URLSightingStore.field($0)) } ?? nil
        case ("contact_messages", let column):
            let names = ["subject_line": "subject", "body": "body", "visitor_name": "name", "visitor_email": "email", "visitor_phone": "phone"]
            guard let name = names[column], let id else { return nil }
            return (try row.optionalText("key_subject"), ContactMessageStore.field(message: id, name))
        case ("privacy_requests", "requester_email"): return id.map { (PrivacyRequestStore.keySubject($0), PrivacyRequestStore.field($0, "email")) }
        case ("privacy_requests", "details"): return id.map { (PrivacyRequestStore.keySubject($0), PrivacyRequestStore.field($0, "details")) }
        case ("comments", let column):
            let names = ["author_name": "name", "author_email": "email", "author_website": "website", "body": "body"]
            guard let name = names[column], let id else { return nil }
            return (try row.optionalText("key_subject"), CommentStore.field(comment: id, name))
        case ("out_of_scope_records", "sealed"): return id.map { (OutOfScopeStore.keySubject($0), OutOfScopeStore.sealedField($0)) }
        case ("survey_answers", "text"):
            return (try row.optionalText("response_key_subject"),
                    SurveyStore.field(response: try row.text("response_id"), question: try row.text("question_id")))
        default: return nil
        }
    }

    /// Where a sealed value was sealed, and its bytes.
    struct OpenedKey: Hashable {
        var subject: String?
        var field: String
        var box: [UInt8]
    }

    static func open(_ box: [UInt8], sealing: (subject: String?, field: String), key: (String) async throws -> SealingKey?) async throws -> ExportValue {
        guard let subject = sealing.subject, let found = try await key(subject) else {
            return .withheld("sealed under a key that has been destroyed")
        }
        guard let plain = try? FieldCipher.open(box, key: found, subject: subject, field: sealing.field) else {
            return .withheld("a sealed value that does not open")
        }
        return .opened(String(decoding: plain, as: UTF8.self))
    }
}
