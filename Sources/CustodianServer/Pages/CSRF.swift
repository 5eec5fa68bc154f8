import CustodianCore
import Hummingbird

/// Cross-site request forgery protection for forms: a random token per browser, kept in the
/// `custodian_csrf` cookie (HttpOnly, SameSite=Strict, Secure behind TLS) and repeated in a
/// hidden field of every form; a POST whose field does not match its cookie is refused.
///
/// The cookie alone would not do (a browser sends it with forged requests too); the field alone
/// would not either (an attacker can put anything in a field). Only a page of ours can read the
/// token into a form, and SameSite=Strict keeps the cookie off cross-site requests as a second
/// line. See docs/pages.md.
struct CSRF: Sendable {
    static let cookieName = "custodian_csrf"
    /// The hidden field every form carries.
    static let fieldName = "csrf_token"
    /// 32 random bytes as hex.
    static let tokenLength = 64

    /// Whether the cookie is marked Secure (clients reach us over TLS).
    let secure: Bool
    /// How long the browser keeps the token; the same as a session, so old tabs keep working.
    let maxAgeSeconds: Int

    /// The token of one browser, and whether it is new (its cookie must then be set).
    struct Token: Sendable, Equatable {
        var value: String
        var isNew: Bool
    }

    /// The browser's token: its cookie's when well formed, otherwise a new one.
    func token(for request: Request) -> Token {
        if let value = Self.cookieToken(request) { return Token(value: value, isNew: false) }
        return Token(value: Hex.encode(Identifiers.randomBytes(32)), isNew: true)
    }

    /// The cookie that carries `token`.
    func cookie(_ token: String) -> Cookie {
        Cookie(name: Self.cookieName, value: token, maxAge: maxAgeSeconds, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// Sets the cookie on `response` when the token is new.
    func attach(_ token: Token, to response: inout Response) {
        if token.isNew { response.setCookie(cookie(token.value)) }
    }

    /// The hidden field for a form.
    static func field(_ token: Token) -> String {
        "<input type=\"hidden\" name=\"\(fieldName)\" value=\"\(PageLayout.escape(token.value))\">"
    }

    /// Whether `submitted` (the form's field) matches the request's cookie, compared in
    /// constant time so the comparison leaks nothing about the token.
    static func matches(request: Request, submitted: String?) -> Bool {
        guard let expected = cookieToken(request), let submitted else { return false }
        return constantTimeEqual(Array(expected.utf8), Array(submitted.utf8))
    }

    static func cookieToken(_ request: Request) -> String? {
        guard let value = request.cookies[cookieName]?.value, value.utf8.count == tokenLength,
              value.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return nil }
        return value
    }

    /// Compares without an early exit: the time depends on the lengths only.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
