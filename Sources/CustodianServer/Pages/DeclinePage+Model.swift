/// What declining the policy means: the policy's own words, and what the person can do.
struct DeclinePage: Sendable {
    var frame: PageFrame
    /// The policy's "if you do not agree … stop using" statement.
    var ifYouDoNotAgree: String
    /// Titles of the purposes a person can withdraw from (opt-in and opt-out ones).
    var withdrawable: [String]
    /// Problems with the deletion form (a wrong password).
    var errors = FormErrors()
}
