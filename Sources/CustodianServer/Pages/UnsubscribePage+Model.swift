/// The unsubscribe page: one button for the link's purposes, or what happened after it.
struct UnsubscribePage: Sendable {
    enum State: Sendable {
        /// A valid link: ask to confirm with one button.
        case confirm(purposes: [String], campaign: String?)
        /// The POST was recorded (or nothing was left to withdraw).
        case done(purposes: [String])
        /// Everything was withdrawn already.
        case already
        /// The link is not valid (tampered with, truncated, or not ours).
        case invalid
    }

    var state: State
    /// The path the form posts to: the link itself, as RFC 8058's one-click POST uses it.
    var action: String
}
