import CustodianCore

extension PersonVault {
    /// Opens `fields` of many people at once, each person's only as far as their own access
    /// permits; for drawing a campaign's audience without one round trip per person.
    /// - Returns: field values by person id; people without a data key (erased) are left out.
    public func attributes(ofEach accesses: [Access], fields: Set<String>) async throws -> [String: [String: String]] {
        guard !accesses.isEmpty, !fields.isEmpty else { return [:] }
        var opened: [String: [String: String]] = [:]
        let byPerson = Dictionary(accesses.map { ($0.subject, $0) }) { first, _ in first }
        let people = Array(byPerson.keys).sorted()
        let fieldList = fields.sorted()
        var start = 0
        // A few hundred at a time keeps every statement well under both engines' binding limits.
        while start < people.count {
            let chunk = Array(people[start..<min(people.count, start + 400)])
            start += chunk.count
            let rows = try await database.read { db in
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                let fieldMarks = Array(repeating: "?", count: fieldList.count).joined(separator: ", ")
                return try await db.query(SQL(
                    """
                    SELECT a.person_id, a.field, a.category, a.value, k.kek_id, k.wrapped FROM person_attributes a
                    JOIN person_keys k ON k.person_id = a.person_id
                    WHERE a.person_id IN (\(marks)) AND a.field IN (\(fieldMarks))
                    """,
                    chunk.map { .text($0) } + fieldList.map { .text($0) }))
            }
            for row in rows {
                let person = try row.text("person_id")
                let category = try row.text("category")
                guard let access = byPerson[person], access.permits(category, of: person) else { continue }
                let key = try Keyring.unwrap(row, label: "person:\(person)", masterKeys: keyring.masterKeys)
                let field = try row.text("field")
                let plain: [UInt8]
                do {
                    plain = try FieldCipher.open(try row.blob("value"), key: key, subject: person, field: field)
                } catch {
                    throw StoreError.keyUnavailable("a sealed value of this person does not open")
                }
                opened[person, default: [:]][field] = String(decoding: plain, as: UTF8.self)
            }
        }
        return opened
    }
}
