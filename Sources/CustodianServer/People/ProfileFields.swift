import CustodianCore
import CustodianStore

/// The registration profile's fields: their names in the API, their fideslang categories, and
/// how they are stored.
enum ProfileFields {
    static let name = "name"
    static let email = "email"
    static let phone = "phone"
    static let gender = "gender"
    static let birthDate = "birthDate"

    /// The category each field belongs to.
    static let categories: [String: String] = [
        name: "user.name",
        email: "user.contact.email",
        phone: "user.contact.phone_number",
        gender: "user.demographic.gender",
        birthDate: "user.demographic.date_of_birth",
    ]

    static let all = [name, email, phone, gender, birthDate]

    /// Genders offered at registration.
    static let genders = ["female", "male", "another", "prefer_not_to_say"]

    static func attribute(_ field: String, _ value: String, source: String = "provided") -> PersonAttribute {
        PersonAttribute(field: field, category: categories[field] ?? "user", source: source, value: value)
    }
}
