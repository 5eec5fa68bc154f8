/// The part of the site navigation that depends on the session.
enum PageNavigation: Sendable, Equatable {
    /// Links to register and to sign in.
    case signedOut
    /// A link to the account and a sign-out button; signing out is a POST, so it carries the
    /// browser's CSRF token, and a page with it must never be cached for others.
    case signedIn(CSRF.Token)
    /// The staff console's own items (built and escaped by ``ConsoleLayout``).
    case console(String)

    /// The list items, after the policy links.
    var items: String {
        switch self {
        case .signedOut:
            return "<li><a href=\"/register\">Register</a></li>\n<li><a href=\"/signin\">Sign in</a></li>"
        case .signedIn(let token):
            return "<li><a href=\"/account\">Your account</a></li>\n"
                + "<li><form method=\"post\" action=\"/signout\">\(CSRF.field(token))<button type=\"submit\">Sign out</button></form></li>"
        case .console(let items):
            return items
        }
    }
}
