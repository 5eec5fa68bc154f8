/// What the sign-in page shows.
struct SignInPage: Sendable {
    var frame: PageFrame
    /// The address typed, after a failure (never the password).
    var email: String?
    /// One message for every failure, never saying which part was wrong.
    var errors = FormErrors()
    /// A local path to go to afterwards.
    var next: String?
    /// A line of news: signed out, account deleted.
    var notice: String?

    /// The one message of a failed sign-in, whatever failed.
    static let failure = "The email address or password is not right, or signing in is paused for a while after too many attempts."
}
