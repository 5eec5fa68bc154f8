/// The sign-in page's second step: the code sent by email.
struct StepUpPage: Sendable {
    var frame: PageFrame
    /// The challenge the code answers (an opaque id, in a hidden field).
    var challenge: String
    var next: String?
    var errors = FormErrors()
    var minutes: Int

    /// The one message of a wrong, expired or used code.
    static let failure = "The code is not right, or it has expired. Check the latest email, or sign in again for a new code."
}
