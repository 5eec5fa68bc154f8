import CustodianCore
import CustodianStore
import Foundation

/// Field-by-field validation of registration and correction input, collecting every problem so
/// the caller gets one 422 naming each field.
struct ProfileValidation: Sendable {
    let phoneParser: PhoneNumberParser
    let minimumAge: Int
    let today: @Sendable () -> Date
    let names = NameRules()
    let passwords = PasswordRules()
    let emails = EmailValidator()

    private(set) var problems: [FieldError] = []
    /// Attributes to store, and the lookup keys to index.
    private(set) var attributes: [PersonAttribute] = []
    private(set) var lookups: [LookupKeyValue] = []

    struct LookupKeyValue: Sendable {
        var kind: String
        var value: String
    }

    init(defaultRegion: String, minimumAge: Int, today: @escaping @Sendable () -> Date = Date.init) {
        self.phoneParser = PhoneNumberParser(defaultRegion: defaultRegion)
        self.minimumAge = minimumAge
        self.today = today
    }

    mutating func fail(_ field: String, _ code: String, _ message: String) {
        problems.append(FieldError(field: field, code: code, message: message))
    }

    mutating func name(_ input: String?, required: Bool) {
        guard let input else {
            if required { fail(ProfileFields.name, "required", "Give your name.") }
            return
        }
        switch names.normalize(input) {
        case .success(let name): attributes.append(ProfileFields.attribute(ProfileFields.name, name))
        case .failure(let error): fail(ProfileFields.name, error.code.rawValue, error.message)
        }
    }

    mutating func email(_ input: String?, required: Bool) {
        guard let input else {
            if required { fail(ProfileFields.email, "required", "Give your email address.") }
            return
        }
        switch emails.validate(input) {
        case .success(let address):
            attributes.append(ProfileFields.attribute(ProfileFields.email, address.normalized))
            lookups.append(LookupKeyValue(kind: "email", value: address.lookupKey))
        case .failure(let error): fail(ProfileFields.email, error.code.rawValue, error.message)
        }
    }

    mutating func phone(_ input: String?) {
        guard let input, !input.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        switch phoneParser.parse(input) {
        case .success(let number):
            attributes.append(ProfileFields.attribute(ProfileFields.phone, number.e164))
            lookups.append(LookupKeyValue(kind: "phone", value: number.e164))
        case .failure(let error): fail(ProfileFields.phone, error.code.rawValue, error.message)
        }
    }

    mutating func gender(_ input: String?) {
        guard let input, !input.isEmpty else { return }
        let value = input.lowercased().replacingOccurrences(of: " ", with: "_")
        guard ProfileFields.genders.contains(value) else {
            fail(ProfileFields.gender, "invalid_choice", "Choose one of: \(ProfileFields.genders.joined(separator: ", ")).")
            return
        }
        attributes.append(ProfileFields.attribute(ProfileFields.gender, value))
    }

    mutating func birthDate(_ input: String?) {
        guard let input, !input.isEmpty else { return }
        guard let date = BirthDate(input) else {
            fail(ProfileFields.birthDate, "invalid_date", "Write the date as YYYY-MM-DD.")
            return
        }
        let now = BirthDate(today())
        guard date < now else {
            fail(ProfileFields.birthDate, "in_future", "A date of birth lies in the past.")
            return
        }
        guard date.age(on: now) >= minimumAge else {
            fail(ProfileFields.birthDate, "below_minimum_age", "You must be at least \(minimumAge) years old to register.")
            return
        }
        guard date.age(on: now) <= 150 else {
            fail(ProfileFields.birthDate, "implausible", "Check the year of birth.")
            return
        }
        attributes.append(ProfileFields.attribute(ProfileFields.birthDate, date.description))
    }

    mutating func password(_ input: String?, field: String = "password") {
        guard let input else {
            fail(field, "required", "Choose a password.")
            return
        }
        if case .failure(let error) = passwords.validate(input) { fail(field, error.code.rawValue, error.message) }
    }
}

/// A calendar date of birth, compared and aged without time zones.
struct BirthDate: Comparable, CustomStringConvertible, Sendable {
    var year: Int
    var month: Int
    var day: Int

    /// Parses exactly `YYYY-MM-DD`, checking the day exists (29 February only in leap years).
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...Self.days(in: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year ?? 1970
        month = parts.month ?? 1
        day = parts.day ?? 1
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whole years from this date to `today`; someone born on 29 February turns a year older on
    /// 1 March in common years.
    func age(on today: BirthDate) -> Int {
        var age = today.year - year
        if (today.month, today.day) < (month, day) { age -= 1 }
        return age
    }

    static func < (lhs: BirthDate, rhs: BirthDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}
