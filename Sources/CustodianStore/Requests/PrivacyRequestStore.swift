import Crypto
import CustodianCore
import Foundation

/// Privacy requests (access, correction, erasure, objection) from people who are not signed in
/// or act through the API, and the one-time codes that verify the requester's identity.
///
/// The requester's email, the details and staff notes are sealed with a data key made for the
/// request (`privacy-request:<id>`); the address is findable only through the blind index (kind
/// `privacy-request-email`). The status token given to the requester and the code are kept as
/// digests. Every step is audited with the request's id and never the address.
public final class PrivacyRequestStore: Sendable {
    /// The blind-index kind of requesters' addresses.
    public static let emailLookupKind = "privacy-request-email"
    /// Status tokens start with this, so they are told apart from API keys and sessions.
    public static let tokenPrefix = "prq_"
    /// Wrong codes one code takes before the requester needs a new one.
    public static let maxAttempts = 5
    /// Codes one request may be sent (the first included).
    public static let maxCodes = 5
    /// How long a code works.
    public static let codeLifetimeMillis: Int64 = 30 * 60_000
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

    /// The subject of a request's own data key.
    public static func keySubject(_ id: String) -> String { "privacy-request:\(id)" }

    /// The associated-data field of a request's sealed value, bound to the request and the field.
    static func field(_ id: String, _ name: String) -> String { "privacy-request/\(id)/\(name)" }

    /// The keyed digests of request codes (the keyring's `privacy-request-codes` secret).
    public func codes() async throws -> OneTimeCode {
        OneTimeCode(secret: try await keyring.secret(named: "privacy-request-codes"))
    }

    /// A filed request, with the secrets that are given out once: the status token, and the code
    /// to email (nil when identity was already verified).
    public struct Filed: Sendable {
        public var summary: PrivacyRequestSummary
        public var token: String
        public var code: String?
        public var codeExpiresAt: Int64?
    }

    /// Files a request, audited (`privacy_request.create`). A request filed by a signed-in person
    /// starts `pending`; any other starts `identity_unverified` with a fresh code.
    public func create(_ draft: PrivacyRequestDraft, actor: String, requestId: String? = nil) async throws -> Filed {
        let id = Identifiers.make()
        let time = now()
        let token = Self.tokenPrefix + Identifiers.base64URL(Identifiers.randomBytes(32))
        let verified = draft.verifiedPerson != nil
        let code = verified ? nil : OneTimeCode.generate()
        var digestOfCode: SQLValue = .null
        if let code { digestOfCode = .blob(try await codes().digest(code, challenge: id)) }
        let codeDigest = digestOfCode
        let codeExpiresAt = code == nil ? nil : time + Self.codeLifetimeMillis
        let status: PrivacyRequestStatus = verified ? .pending : .identityUnverified
        let keySubject = Self.keySubject(id)
        let digest = try await keyring.blindIndex().digest(kind: Self.emailLookupKind, value: draft.emailLookup)
        let dueAt = time + Int64(draft.deadlineDays) * 86_400_000
        try await database.write { [keyring, audit] tx in
            let key = try await keyring.createDataKey(for: keySubject, in: tx, now: time)
            let sealedDetails = draft.details.map { SQLValue.blob(FieldCipher.seal(Array($0.utf8), key: key, subject: keySubject, field: Self.field(id, "details"))) }
            let sealedEmail = SQLValue.blob(FieldCipher.seal(Array(draft.email.utf8), key: key, subject: keySubject, field: Self.field(id, "email")))
            let verifiedAt: SQLValue = verified ? .integer(time) : .null
            let binds: [SQLValue] = [
                .text(id), .text(draft.kind.rawValue), .text(status.rawValue), .text(draft.channel), draft.verifiedPerson.sqlValue, .text(keySubject),
                sealedEmail, .blob(digest), sealedDetails ?? .null, draft.purpose.sqlValue, .blob(Identifiers.secretDigest(token)), codeDigest,
                codeExpiresAt.sqlValue, .integer(code == nil ? 0 : 1), .integer(time), .integer(dueAt), verifiedAt, .integer(time),
            ]
            try await tx.execute(SQL(
                """
                INSERT INTO privacy_requests (id, kind, status, channel, person_id, key_subject, requester_email, email_digest, details, purpose,
                token_hash, code_digest, code_expires_at, code_attempts, codes_sent, created_at, due_at, verified_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
                """, binds))
            try await Self.addEvent(id, at: time, actor: actor, from: nil, to: status, note: nil, key: nil, in: tx)
            var details = ["request": id, "kind": draft.kind.rawValue, "channel": draft.channel, "status": status.rawValue]
            if let purpose = draft.purpose { details["purpose"] = purpose }
            try await audit.append([AuditEvent(
                actor: actor, action: "privacy_request.create", subject: draft.verifiedPerson ?? keySubject, requestId: requestId, details: details)], in: tx)
        }
        let summary = PrivacyRequestSummary(
            id: id, kind: draft.kind, status: status, channel: draft.channel, personId: draft.verifiedPerson, keySubject: keySubject,
            purpose: draft.purpose, outcome: nil, createdAt: time, dueAt: dueAt, verifiedAt: verified ? time : nil, completedAt: nil,
            updatedAt: time, hasResult: false, resultExpiresAt: nil)
        return Filed(summary: summary, token: token, code: code, codeExpiresAt: codeExpiresAt)
    }

    /// The request with this id, unopened.
    public func summary(_ id: String) async throws -> PrivacyRequestSummary? {
        try await database.read { db in
            try await db.first(SQL("SELECT \(Self.columns) FROM privacy_requests WHERE id = ?", [.text(id)])).map(Self.summary)
        }
    }

    /// The request with this id when `token` is its status token (compared as digests, in
    /// constant time); nil for an unknown id and a wrong token alike.
    public func summary(_ id: String, token: String) async throws -> PrivacyRequestSummary? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count < 200, id.utf8.count <= 64 else { return nil }
        let given = Identifiers.secretDigest(token)
        return try await database.read { db in
            guard let row = try await db.first(SQL("SELECT \(Self.columns), token_hash FROM privacy_requests WHERE id = ?", [.text(id)])) else {
                return nil
            }
            let stored = try row.blob("token_hash")
            guard stored.count == given.count, zip(stored, given).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
            return try Self.summary(row)
        }
    }

    /// Requests ordered by due date (soonest first), optionally of one status; `limit` at most.
    public func list(status: PrivacyRequestStatus? = nil, limit: Int = 100) async throws -> [PrivacyRequestSummary] {
        let sql =
            status.map {
                SQL("SELECT \(Self.columns) FROM privacy_requests WHERE status = ? ORDER BY due_at, id LIMIT ?", [.text($0.rawValue), .integer(Int64(limit))])
            } ?? SQL("SELECT \(Self.columns) FROM privacy_requests ORDER BY due_at, id LIMIT ?", [.integer(Int64(limit))])
        return try await database.read { db in try await db.query(sql).map(Self.summary) }
    }

    /// The requests about one person, newest first.
    public func requests(of person: String) async throws -> [PrivacyRequestSummary] {
        try await database.read { db in
            try await db.query(SQL(
                "SELECT \(Self.columns) FROM privacy_requests WHERE person_id = ? ORDER BY created_at DESC, id DESC", [.text(person)])).map(Self.summary)
        }
    }

    /// The request's sealed email and details, opened with the subject access of its key subject.
    public func contact(_ id: String, access: Access) async throws -> PrivacyRequestContact? {
        let subject = Self.keySubject(id)
        guard access.subject == subject, access.purpose == PurposeGate.subjectAccessPurpose else { return nil }
        return try await database.read { [keyring] db in
            guard let row = try await db.first(SQL("SELECT requester_email, details FROM privacy_requests WHERE id = ?", [.text(id)])) else {
                return nil
            }
            let key = try await keyring.dataKey(for: subject, in: db)
            func open(_ column: String, _ name: String) throws -> String? {
                guard let key, let sealed = try row.optionalBlob(column) else { return nil }
                guard let plain = try? FieldCipher.open(sealed, key: key, subject: subject, field: Self.field(id, name)) else {
                    throw StoreError.keyUnavailable("a sealed privacy request value does not open")
                }
                return String(decoding: plain, as: UTF8.self)
            }
            return PrivacyRequestContact(email: try open("requester_email", "email"), details: try open("details", "details"))
        }
    }

    /// The request's history, oldest first, notes opened with the subject access of its key subject.
    public func history(_ id: String, access: Access) async throws -> [PrivacyRequestEvent] {
        let subject = Self.keySubject(id)
        let canOpen = access.subject == subject && access.purpose == PurposeGate.subjectAccessPurpose
        return try await database.read { [keyring] db in
            let key = canOpen ? try await keyring.dataKey(for: subject, in: db) : nil
            return try await db.query(SQL(
                "SELECT seq, at, actor, from_status, to_status, note FROM privacy_request_events WHERE request_id = ? ORDER BY seq", [.text(id)]
            )).map { row in
                guard let to = PrivacyRequestStatus(rawValue: try row.text("to_status")) else { throw StoreError.corrupt("unknown privacy request status") }
                var note: String?
                if let key, let sealed = try row.optionalBlob("note"),
                   let plain = try? FieldCipher.open(sealed, key: key, subject: subject, field: Self.field(id, "note/\(try row.int("seq"))")) {
                    note = String(decoding: plain, as: UTF8.self)
                }
                return PrivacyRequestEvent(
                    at: try row.int("at"), actor: try row.text("actor"), from: try row.optionalText("from_status").flatMap(PrivacyRequestStatus.init),
                    to: to, note: note)
            }
        }
    }

    // MARK: - rows

    static let columns = """
        id, kind, status, channel, person_id, key_subject, purpose, outcome, created_at, due_at, verified_at, completed_at, updated_at, \
        result_expires_at, result_sealed IS NOT NULL AS has_result
        """

    static func summary(_ row: SQLRow) throws -> PrivacyRequestSummary {
        guard let kind = PrivacyRequestKind(rawValue: try row.text("kind")), let status = PrivacyRequestStatus(rawValue: try row.text("status")) else {
            throw StoreError.corrupt("unknown privacy request kind or status")
        }
        let hasResult: Bool =
            switch row["has_result"] {
            case .integer(let value): value != 0
            case .text(let value): value == "t" || value == "true" || value == "1"
            default: false
            }
        return PrivacyRequestSummary(
            id: try row.text("id"), kind: kind, status: status, channel: try row.text("channel"), personId: try row.optionalText("person_id"),
            keySubject: try row.text("key_subject"), purpose: try row.optionalText("purpose"), outcome: try row.optionalText("outcome"),
            createdAt: try row.int("created_at"), dueAt: try row.int("due_at"), verifiedAt: try row.optionalInt("verified_at"),
            completedAt: try row.optionalInt("completed_at"), updatedAt: try row.int("updated_at"), hasResult: hasResult,
            resultExpiresAt: try row.optionalInt("result_expires_at"))
    }

    /// Appends one step to a request's history inside `tx`; a note is sealed with the request's key.
    static func addEvent(
        _ id: String, at time: Int64, actor: String, from: PrivacyRequestStatus?, to: PrivacyRequestStatus, note: String?, key: SealingKey?,
        in tx: any SQLExecutor
    ) async throws {
        let seq = try await tx.first(SQL("SELECT COALESCE(MAX(seq), 0) AS n FROM privacy_request_events WHERE request_id = ?", [.text(id)]))?.int("n") ?? 0
        let sealed: SQLValue =
            if let note, let key {
                .blob(FieldCipher.seal(Array(note.utf8), key: key, subject: keySubject(id), field: field(id, "note/\(seq + 1)")))
            } else { .null }
        try await tx.execute(SQL(
            "INSERT INTO privacy_request_events (request_id, seq, at, actor, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [.text(id), .integer(seq + 1), .integer(time), .text(actor), (from?.rawValue).sqlValue, .text(to.rawValue), sealed]))
    }
}
