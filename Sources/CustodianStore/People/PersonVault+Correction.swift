import CustodianCore
import Foundation

extension PersonVault {
    /// Corrects a person's attributes: sets `attributes`, removes `removing` fields, and re-points
    /// the lookup keys of the given kinds (e.g. a new email). Audited with the categories touched.
    /// Throws `StoreError.conflict` when a new lookup key belongs to someone else and
    /// `StoreError.notFound` when the person does not exist.
    public func correct(
        _ person: String, attributes: [PersonAttribute], removing: [String] = [], lookups: [LookupKey] = [],
        removingLookups: [String] = [], service: String? = nil, actor: String, requestId: String? = nil
    ) async throws {
        let time = now()
        let index = try await keyring.blindIndex()
        try await database.write { [keyring, audit] tx in
            guard try await tx.first(SQL("SELECT id FROM people WHERE id = ?", [.text(person)])) != nil,
                  let key = try await keyring.dataKey(for: person, in: tx)
            else { throw StoreError.notFound }
            try await Self.write(attributes, person: person, key: key, in: tx, at: time, service: service)
            try await tx.executeMany("DELETE FROM person_attributes WHERE person_id = ? AND field = ?", removing.map { [.text(person), .text($0)] })
            let kinds = Set(lookups.map(\.kind)).union(removingLookups)
            try await tx.executeMany("DELETE FROM person_lookup WHERE person_id = ? AND kind = ?", kinds.sorted().map { [.text(person), .text($0)] })
            try await tx.executeMany(
                "INSERT INTO person_lookup (kind, digest, person_id) VALUES (?, ?, ?)",
                lookups.map { [.text($0.kind), .blob(index.digest(kind: $0.kind, value: $0.value)), .text(person)] }
            )
            try await tx.execute(SQL("UPDATE people SET updated_at = ? WHERE id = ?", [.integer(time), .text(person)]))
            try await audit.append([AuditEvent(
                actor: actor, action: "person.correct", subject: person,
                categories: Array(Set(attributes.map(\.category))).sorted(), requestId: requestId,
                details: removing.isEmpty ? [:] : ["removed": removing.sorted().joined(separator: ",")]
            )], in: tx)
        }
    }
}
