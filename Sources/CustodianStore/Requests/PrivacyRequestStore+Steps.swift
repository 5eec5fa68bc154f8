import CustodianCore
import Foundation

/// The steps of a request: the requester's code, and staff's transitions with what fulfilment
/// leaves behind (an export for the requester, or the shredding of the request's contact details).
extension PrivacyRequestStore {
    /// What an attempt at a request's code came to.
    public enum Verification: Sendable, Equatable {
        /// The code was right: the request is `pending`, attached to `person` when the address is theirs.
        case verified(PrivacyRequestSummary)
        /// The code was wrong; it may be tried again while attempts remain.
        case wrong
        /// No such request, it was verified already, or its code expired or ran out of attempts.
        case invalid
    }

    /// Tries `code` against request `id`: counts the attempt and, when it is right, moves the
    /// request to `pending` and attaches `person` (the owner of the address, if any), all in one
    /// transaction. Audited: `privacy_request.verify`, outcome `ok` or `denied`.
    public func verify(_ id: String, code: String, person: String?, actor: String, requestId: String? = nil) async throws -> Verification {
        let codes = try await codes()
        let time = now()
        return try await database.write { [database, audit] tx -> Verification in
            guard let row = try await tx.first(SQL("SELECT \(Self.columns), code_digest, code_expires_at, code_attempts FROM privacy_requests WHERE id = ?" + database.dialect.forUpdate, [.text(id)])) else {
                return .invalid
            }
            let summary = try Self.summary(row)
            func audited(_ outcome: String, _ reason: String) async throws {
                try await audit.append([AuditEvent(
                    actor: actor, action: "privacy_request.verify", subject: summary.keySubject, outcome: outcome, requestId: requestId,
                    details: ["request": id, "kind": summary.kind.rawValue, "result": reason])], in: tx)
            }
            guard summary.status == .identityUnverified, let stored = try row.optionalBlob("code_digest"),
                  let expires = try row.optionalInt("code_expires_at"), expires > time, try row.int("code_attempts") < Self.maxAttempts
            else {
                try await audited("denied", "no_live_code")
                return .invalid
            }
            guard codes.matches(code, challenge: id, stored: stored) else {
                try await tx.execute(SQL("UPDATE privacy_requests SET code_attempts = code_attempts + 1, updated_at = ? WHERE id = ?", [.integer(time), .text(id)]))
                try await audited("denied", "wrong_code")
                return .wrong
            }
            try await tx.execute(SQL(
                """
                UPDATE privacy_requests SET status = ?, person_id = ?, code_digest = NULL, code_expires_at = NULL, verified_at = ?, updated_at = ?
                WHERE id = ?
                """,
                [.text(PrivacyRequestStatus.pending.rawValue), person.sqlValue, .integer(time), .integer(time), .text(id)]))
            try await Self.addEvent(id, at: time, actor: actor, from: .identityUnverified, to: .pending, note: nil, key: nil, in: tx)
            try await audited("ok", "verified")
            var verified = summary
            verified.status = .pending
            verified.personId = person
            verified.verifiedAt = time
            verified.updatedAt = time
            return .verified(verified)
        }
    }

    /// A fresh code for an unverified request (the old one stops working), audited
    /// (`privacy_request.code`). Throws ``PrivacyRequestError``.
    public func renewCode(_ id: String, actor: String, requestId: String? = nil) async throws -> (code: String, expiresAt: Int64) {
        let code = OneTimeCode.generate()
        let digest = try await codes().digest(code, challenge: id)
        let time = now()
        let expiresAt = time + Self.codeLifetimeMillis
        try await database.write { [database, audit] tx in
            guard let row = try await tx.first(SQL("SELECT \(Self.columns), codes_sent FROM privacy_requests WHERE id = ?" + database.dialect.forUpdate, [.text(id)])) else {
                throw PrivacyRequestError.notFound
            }
            let summary = try Self.summary(row)
            guard summary.status == .identityUnverified else { throw PrivacyRequestError.invalidTransition(from: summary.status, to: .pending) }
            guard try row.int("codes_sent") < Self.maxCodes else { throw PrivacyRequestError.tooManyCodes }
            try await tx.execute(SQL(
                """
                UPDATE privacy_requests SET code_digest = ?, code_expires_at = ?, code_attempts = 0, codes_sent = codes_sent + 1, updated_at = ?
                WHERE id = ?
                """,
                [.blob(digest), .integer(expiresAt), .integer(time), .text(id)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "privacy_request.code", subject: summary.keySubject, requestId: requestId,
                details: ["request": id, "kind": summary.kind.rawValue])], in: tx)
        }
        return (code, expiresAt)
    }

    /// What a transition leaves behind.
    public struct Fulfilment: Sendable {
        /// Recorded on the request (`exported`, `erased`, `no_data`, `recorded` …).
        public var outcome: String?
        /// An export for the requester, sealed with the person's key, and until when it may be fetched.
        public var result: [UInt8]?
        public var resultExpiresAt: Int64?
        /// Shred the request's own key (its email, details and notes) once the step is written.
        public var shredContact: Bool

        public init(outcome: String? = nil, result: [UInt8]? = nil, resultExpiresAt: Int64? = nil, shredContact: Bool = false) {
            self.outcome = outcome
            self.result = result
            self.resultExpiresAt = resultExpiresAt
            self.shredContact = shredContact
        }
    }

    /// Moves a request to `status` with `note` (sealed) and what fulfilment left, audited
    /// (`privacy_request.transition`, with the request id, kind, from, to and outcome).
    /// - Throws: ``PrivacyRequestError/notFound``, or ``PrivacyRequestError/invalidTransition(from:to:)``
    ///   when the request's status does not allow it (nothing is written then).
    public func transition(
        _ id: String, to status: PrivacyRequestStatus, note: String?, fulfilment: Fulfilment = Fulfilment(), actor: String, requestId: String? = nil
    ) async throws -> PrivacyRequestSummary {
        let time = now()
        let moved = try await database.write { [database, keyring, audit] tx -> PrivacyRequestSummary in
            guard var summary = try await tx.first(SQL("SELECT \(Self.columns) FROM privacy_requests WHERE id = ?" + database.dialect.forUpdate, [.text(id)])).map(Self.summary)
            else { throw PrivacyRequestError.notFound }
            // The code is the requester's step; staff cannot verify an identity for them.
            guard summary.status.isStaffStep(to: status) else {
                throw PrivacyRequestError.invalidTransition(from: summary.status, to: status)
            }
            var sealedResult: SQLValue = .null
            if let result = fulfilment.result, let person = summary.personId, let key = try await keyring.dataKey(for: person, in: tx) {
                sealedResult = .blob(FieldCipher.seal(result, key: key, subject: person, field: Self.field(id, "result")))
            }
            let completed: Int64? = status.isFinal ? time : nil
            try await tx.execute(SQL(
                """
                UPDATE privacy_requests SET status = ?, outcome = COALESCE(?, outcome), result_sealed = COALESCE(?, result_sealed),
                result_expires_at = COALESCE(?, result_expires_at), completed_at = COALESCE(?, completed_at), updated_at = ? WHERE id = ?
                """,
                [.text(status.rawValue), fulfilment.outcome.sqlValue, sealedResult, (sealedResult == .null ? nil : fulfilment.resultExpiresAt).sqlValue,
                 completed.sqlValue, .integer(time), .text(id)]))
            let key = try await keyring.dataKey(for: summary.keySubject, in: tx)
            try await Self.addEvent(id, at: time, actor: actor, from: summary.status, to: status, note: note, key: key, in: tx)
            var details = ["request": id, "kind": summary.kind.rawValue, "from": summary.status.rawValue, "to": status.rawValue]
            if let outcome = fulfilment.outcome { details["outcome"] = outcome }
            if fulfilment.shredContact {
                try await keyring.shred(summary.keySubject, in: tx)
                try await tx.execute(SQL(
                    "UPDATE privacy_requests SET requester_email = NULL, email_digest = NULL, details = NULL WHERE id = ?", [.text(id)]))
                details["contactShredded"] = "true"
            }
            try await audit.append([AuditEvent(
                actor: actor, action: "privacy_request.transition", subject: summary.personId ?? summary.keySubject, requestId: requestId,
                details: details)], in: tx)
            if sealedResult != .null {
                summary.hasResult = true
                summary.resultExpiresAt = fulfilment.resultExpiresAt
            }
            summary.status = status
            summary.outcome = fulfilment.outcome ?? summary.outcome
            summary.completedAt = summary.completedAt ?? completed
            summary.updatedAt = time
            return summary
        }
        if fulfilment.shredContact, let sqlite = database as? SQLiteDatabase {
            // As for people: the WAL holds page images with the wrapped key until checkpointed.
            try await sqlite.checkpoint()
        }
        return moved
    }

    /// The export waiting for the requester, opened with the person's subject access; nil when
    /// there is none, it has expired, or the person's key is gone (erased since).
    public func result(_ id: String, access: Access) async throws -> [UInt8]? {
        let time = now()
        return try await database.read { [keyring] db in
            guard let row = try await db.first(SQL("SELECT person_id, result_sealed, result_expires_at FROM privacy_requests WHERE id = ?", [.text(id)])),
                  let person = try row.optionalText("person_id"), access.subject == person, access.purpose == PurposeGate.subjectAccessPurpose,
                  let sealed = try row.optionalBlob("result_sealed"), (try row.optionalInt("result_expires_at") ?? 0) > time,
                  let key = try await keyring.dataKey(for: person, in: db)
            else { return nil }
            return try? FieldCipher.open(sealed, key: key, subject: person, field: Self.field(id, "result"))
        }
    }
}
