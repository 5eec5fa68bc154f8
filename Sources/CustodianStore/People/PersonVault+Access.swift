import CustodianCore

extension PersonVault {
    /// Opens the attributes of `person` that `access` permits, and only those.
    ///
    /// This is the only public way to read sealed personal data: an ``Access`` is minted solely by
    /// ``PurposeGate/authorize(subject:consent:purpose:categories:signals:hasAccount:)`` after an
    /// allowing decision, so reading without a decision cannot be written. Fields of other
    /// categories are not even decrypted.
    /// - Returns: the permitted attributes; none when the access is for another person.
    public func attributes(of person: String, access: Access) async throws -> [PersonAttribute] {
        guard access.subject == person, !access.categories.isEmpty else { return [] }
        return try await database.read { [keyring] db in
            guard let key = try await keyring.dataKey(for: person, in: db) else { return [] }
            let rows = try await db.query(SQL(
                "SELECT field, category, source, value FROM person_attributes WHERE person_id = ? ORDER BY field",
                [.text(person)]
            ))
            var opened: [PersonAttribute] = []
            for row in rows {
                let category = try row.text("category")
                guard access.permits(category, of: person) else { continue }
                let field = try row.text("field")
                let plain: [UInt8]
                do {
                    plain = try FieldCipher.open(try row.blob("value"), key: key, subject: person, field: field)
                } catch {
                    throw StoreError.keyUnavailable("a sealed value of this person does not open")
                }
                opened.append(PersonAttribute(
                    field: field, category: category, source: try row.text("source"), value: String(decoding: plain, as: UTF8.self)))
            }
            return opened
        }
    }
}
