/// What the account page shows: the profile held, and the form to correct it.
struct AccountPage: Sendable {
    var frame: PageFrame
    /// What is held, read through the purpose gate.
    var profile: PeopleActions.Profile
    /// What the form shows: the profile, or what was typed after a problem.
    var values: ProfileFormValues
    var errors = FormErrors()
    var notice: String?
    /// The person's own unsubscribe link (the same page promotional emails link to).
    var unsubscribePath: String?
}
