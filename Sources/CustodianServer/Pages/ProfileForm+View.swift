import CustodianCore

/// The values a profile form shows: what was sent back after a problem, or what is held.
/// Passwords are never among them.
struct ProfileFormValues: Sendable, Equatable {
    var name: String?
    var email: String?
    var phone: String?
    var gender: String?
    var birthDate: String?

    init(name: String? = nil, email: String? = nil, phone: String? = nil, gender: String? = nil, birthDate: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.gender = gender
        self.birthDate = birthDate
    }

    /// The values of a submitted form, as typed.
    init(form: PageForm) {
        self.init(
            name: form[ProfileFields.name], email: form[ProfileFields.email], phone: form[ProfileFields.phone],
            gender: form[ProfileFields.gender], birthDate: form[ProfileFields.birthDate])
    }
}

/// The profile fields shared by the registration and the correction forms.
enum ProfileFormView {
    /// The choices of the policy's registration form, with "not given" first.
    static let genders: [(String, String)] = [
        ("", "Not given"), ("female", "Female"), ("male", "Male"), ("another", "Another"), ("prefer_not_to_say", "Prefer not to say"),
    ]

    /// Name, email, (a new password when registering), phone, gender and date of birth.
    static func fields(_ values: ProfileFormValues, errors: FormErrors, newPassword: Bool) -> String {
        var out = [
            FormView.input(ProfileFields.name, label: "Name", value: values.name, required: true, autocomplete: "name", errors: errors),
            FormView.input(ProfileFields.email, label: "Email address", type: "email", value: values.email, required: true, autocomplete: "email", errors: errors),
        ]
        if newPassword {
            out.append(FormView.input(
                "password", label: "Password", type: "password", value: nil, required: true, autocomplete: "new-password",
                hint: "At least \(PasswordRules().minimumLength) characters; a few unusual words make a good one.", errors: errors))
        }
        out += [
            FormView.input(
                ProfileFields.phone, label: "Phone number", type: "tel", value: values.phone, autocomplete: "tel",
                hint: "With the country code, like +44 20 7946 0958, unless it is a local number.", errors: errors),
            FormView.select(ProfileFields.gender, label: "Gender", options: genders, selected: values.gender, autocomplete: "sex", errors: errors),
            FormView.input(
                ProfileFields.birthDate, label: "Date of birth", type: "date", value: values.birthDate, autocomplete: "bday",
                hint: "For example 1990-12-10.", errors: errors),
        ]
        return out.joined(separator: "\n")
    }
}
