import CustodianStore
import Foundation
import Hummingbird

/// What one page request knows before rendering: the browser's CSRF token and the session.
struct PageFrame: Sendable {
    var token: CSRF.Token
    var session: Session?

    var navigation: PageNavigation { session == nil ? .signedOut : .signedIn(token) }
}

/// What every page handler shares: the frame of a request, HTML answers that set the CSRF
/// cookie when it is new, redirects, and the session cookie with the right attributes.
struct PageResponder: Sendable {
    let csrf: CSRF
    /// Whether cookies are marked Secure (clients reach us over TLS).
    let secureCookies: Bool
    let sessionMaxAgeSeconds: Int

    func frame(_ request: Request, context: AppRequestContext) -> PageFrame {
        PageFrame(token: csrf.token(for: request), session: context.session)
    }

    /// An HTML page; `document` is a full page from ``PageLayout/render(title:main:navigation:)``.
    func html(_ document: String, frame: PageFrame, status: HTTPResponse.Status = .ok) -> Response {
        var response = PageLayout.response(document, status: status)
        csrf.attach(frame.token, to: &response)
        return response
    }

    /// `303 See Other` to a local path (after a form, or to a page that must come first).
    func redirect(_ path: String) -> Response {
        Response.redirect(to: path, type: .normal)
    }

    /// To the sign-in page, coming back to `next` (a local path) afterwards.
    func signInFirst(next: String) -> Response {
        redirect("/signin?next=" + (next.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "/account"))
    }

    /// The session cookie for `token` (HttpOnly, SameSite=Lax, Secure behind TLS).
    func sessionCookie(_ token: String) -> Cookie {
        SessionCookie.make(token: token, maxAgeSeconds: sessionMaxAgeSeconds, secure: secureCookies)
    }

    /// Clears the session cookie.
    var expiredSessionCookie: Cookie {
        Cookie(name: SessionAuthenticator.cookieName, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}

extension CharacterSet {
    /// Characters left as they are in a query value (`&`, `=`, `+`, `#` and `?` are escaped).
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+#?")
        return set
    }()
}
