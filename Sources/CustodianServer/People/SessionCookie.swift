import Hummingbird

/// The `custodian_session` cookie of pages: HttpOnly, SameSite=Lax, Secure behind TLS.
enum SessionCookie {
    static func make(token: String, maxAgeSeconds: Int, secure: Bool) -> Cookie {
        Cookie(
            name: SessionAuthenticator.cookieName, value: token, maxAge: maxAgeSeconds, path: "/",
            secure: secure, httpOnly: true, sameSite: .lax
        )
    }

    /// Clears the cookie in the browser.
    static let expired = Cookie(name: SessionAuthenticator.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax)
}
