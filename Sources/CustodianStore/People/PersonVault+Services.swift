import CustodianCore

/// A person's attribute with the platform service that brought it (nil: the platform's own
/// pages, or a key of no service).
public struct ServiceAttribute: Sendable, Equatable {
    public var attribute: PersonAttribute
    public var service: String?
}

extension PersonVault {
    /// Opens the attributes of `person` that `access` permits, with the service each came from,
    /// for views that keep services apart (a service's own slice of a profile). The same rule as
    /// ``attributes(of:access:)``: fields of categories the access does not permit stay sealed.
    public func serviceAttributes(of person: String, access: Access) async throws -> [ServiceAttribute] {
        guard access.subject == person, !access.categories.isEmpty else { return [] }
        return try await database.read { [keyring] db in
            guard let key = try await keyring.dataKey(for: person, in: db) else { return [] }
            let rows = try await db.query(SQL(
                "SELECT field, category, source, value, service_id FROM person_attributes WHERE person_id = ? ORDER BY field",
                [.text(person)]))
            var opened: [ServiceAttribute] = []
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
                opened.append(ServiceAttribute(
                    attribute: PersonAttribute(field: field, category: category, source: try row.text("source"), value: String(decoding: plain, as: UTF8.self)),
                    service: try row.optionalText("service_id")))
            }
            return opened
        }
    }
}
