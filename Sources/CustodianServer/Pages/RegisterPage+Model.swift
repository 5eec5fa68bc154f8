/// What the registration page shows.
struct RegisterPage: Sendable {
    var frame: PageFrame
    /// What was typed, after a problem (never the password).
    var values = ProfileFormValues()
    var errors = FormErrors()
    /// The version that registering accepts.
    var policyVersion: String
    /// The policy's own "by continuing to use … you consent" statement.
    var acceptanceStatement: String
}
