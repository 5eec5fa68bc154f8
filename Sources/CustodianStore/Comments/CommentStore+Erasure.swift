import CustodianCore

extension CommentStore {
    /// Erases every comment made with this address (its lookup form), e.g. for an erasure
    /// request from a commenter without an account: each comment's key is shredded and its row
    /// deleted. Audited (`comment.erase`, the count, never the address). Returns how many went.
    @discardableResult
    public func erase(fromEmail emailLookup: String, actor: String, requestId: String? = nil) async throws -> Int {
        let digest = try await emailDigest(emailLookup)
        let erased = try await database.write { [keyring, audit] tx -> Int in
            let count = try await Self.erase(where: "email_digest = ?", [.blob(digest)], keyring: keyring, in: tx)
            try await audit.append([AuditEvent(
                actor: actor, action: "comment.erase", categories: [CommentRules.contentCategory, CommentRules.emailCategory], requestId: requestId,
                details: ["by": "email", "erased": String(count)])], in: tx)
            return count
        }
        if erased > 0, let sqlite = database as? SQLiteDatabase { try await sqlite.checkpoint() }
        return erased
    }

    /// Inside a person's erasure (``PersonVault/erase(_:retaining:actor:requestId:)``), before
    /// their key is shredded: erases the comments they made signed in (`person_id`) and those made
    /// with any of their email addresses when signed out (through the blind index).
    /// - Returns: how many comments were erased.
    static func applyErasure(of person: String, index: BlindIndex, keyring: Keyring, in tx: any SQLExecutor) async throws -> Int {
        var digests: [SQLValue] = []
        if let key = try await keyring.dataKey(for: person, in: tx) {
            let rows = try await tx.query(SQL(
                "SELECT field, value FROM person_attributes WHERE person_id = ? AND category = ?", [.text(person), .text(CommentRules.emailCategory)]))
            for row in rows {
                guard let plain = try? FieldCipher.open(try row.blob("value"), key: key, subject: person, field: try row.text("field")) else { continue }
                let address = String(decoding: plain, as: UTF8.self)
                let lookup = (try? EmailValidator().validate(address).get().lookupKey) ?? address.lowercased()
                digests.append(.blob(index.digest(kind: emailLookupKind, value: lookup)))
            }
        }
        let byAddress = digests.isEmpty ? "" : " OR email_digest IN (\(Array(repeating: "?", count: digests.count).joined(separator: ", ")))"
        return try await erase(where: "person_id = ?" + byAddress, [.text(person)] + digests, keyring: keyring, in: tx)
    }

    /// Shreds the keys of the comments matching `condition`, then deletes them.
    static func erase(where condition: String, _ binds: [SQLValue], keyring: Keyring, in tx: any SQLExecutor) async throws -> Int {
        let rows = try await tx.query(SQL("SELECT id, key_subject FROM comments WHERE \(condition)", binds))
        for row in rows { try await keyring.shred(try row.text("key_subject"), in: tx) }
        guard !rows.isEmpty else { return 0 }
        try await tx.execute(SQL("DELETE FROM comments WHERE \(condition)", binds))
        return rows.count
    }
}
