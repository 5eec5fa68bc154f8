import CustodianCore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Pages: CSRF, cookies, no inline script or style, accessible forms")
struct PagesSecurityTests {
    static let credentials = [("email", "ada@example.org"), ("password", "correct horse battery")]

    @Test func aFormWithoutTheRightTokenIsRefused() async throws {
        try await TestApp().test { client in
            try await PagesTests.register(Browser(client))
            let browser = Browser(client)
            _ = try await browser.get("/signin")
            let cookie = try #require(browser.jar[CSRF.cookieName])

            let missing = try await browser.post("/signin", Self.credentials, token: .some(nil))
            #expect(missing.status == .forbidden)
            #expect(missing.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(missing.body.contains("This form could not be sent"))
            #expect(missing.setCookie(SessionAuthenticator.cookieName) == nil)

            let wrong = try await browser.post("/signin", Self.credentials, token: String(repeating: "0", count: 64))
            #expect(wrong.status == .forbidden)

            // Without the cookie, even the right value is refused.
            let noCookie = try await browser.post("/signin", Self.credentials, token: cookie, headers: [.cookie: "other=1"])
            #expect(noCookie.status == .forbidden)

            // A browser that says the request is cross-site is refused even with the token.
            let crossSite = try await browser.post("/signin", Self.credentials, token: cookie, headers: [.secFetchSite: "cross-site"])
            #expect(crossSite.status == .forbidden)

            // API-style callers get the contract's error body.
            let json = try await browser.post("/signin", Self.credentials, token: .some(nil), headers: [.accept: "application/json"])
            #expect(json.status == .forbidden)
            let body = try JSONDecoder().decode(ErrorBody.self, from: Data(json.body.utf8))
            #expect(body.error.code == "csrf_token_invalid")
            #expect(body.error.requestId == json.headers[.xRequestID])

            // Sign-out and every other form are guarded the same way.
            for path in ["/signout", "/register", "/account", "/account/delete", "/privacy/accept"] {
                #expect(try await browser.post(path, [], token: .some(nil)).status == .forbidden, "\(path)")
            }

            // Going back and reloading the form, as the refusal page says, works.
            _ = try await browser.get("/signin")
            let right = try await browser.post("/signin", Self.credentials)
            #expect(right.status == .seeOther)
        }
    }

    @Test func theTokenComparisonIsExactAndLengthAware() {
        let token = Array(String(repeating: "a", count: 64).utf8)
        #expect(CSRF.constantTimeEqual(token, token))
        #expect(!CSRF.constantTimeEqual(token, Array(token.dropLast())))
        #expect(!CSRF.constantTimeEqual(token, Array(token.dropLast()) + [UInt8(ascii: "b")]))
        #expect(!CSRF.constantTimeEqual([], token))
    }

    @Test func cookiesAreHttpOnlyWithSameSiteAndNotSecureOverPlainHTTP() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            let form = try await browser.get("/register")
            let csrf = try #require(form.setCookie(CSRF.cookieName))
            #expect(csrf.contains("HttpOnly"))
            #expect(csrf.contains("SameSite=Strict"))
            #expect(!csrf.contains("Secure"))
            let registered = try await browser.post("/register", PagesTests.ada)
            let session = try #require(registered.setCookie(SessionAuthenticator.cookieName))
            #expect(session.contains("HttpOnly"))
            #expect(session.contains("SameSite=Lax"))
            #expect(session.contains("Path=/"))
            #expect(!session.contains("Secure"))
            // The token is kept, not replaced, on later pages.
            #expect(try await browser.get("/account").setCookie(CSRF.cookieName) == nil)
        }
    }

    @Test func cookiesAreSecureWhenThePublicURLIsHTTPS() async throws {
        try await TestApp { $0.publicURL = "https://privacy.example.com" }.test { client in
            let browser = Browser(client)
            let form = try await browser.get("/register")
            #expect(try #require(form.setCookie(CSRF.cookieName)).contains("Secure"))
            let registered = try await browser.post("/register", PagesTests.ada)
            let session = try #require(registered.setCookie(SessionAuthenticator.cookieName))
            #expect(session.contains("Secure") && session.contains("HttpOnly") && session.contains("SameSite=Lax"))
            let signedOut = try await browser.post("/signout", [])
            #expect(try #require(signedOut.setCookie(SessionAuthenticator.cookieName)).contains("Secure"))
        }
    }

    @Test func noPageHasInlineScriptOrStyleAndEveryInputHasALabel() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            var pages: [(String, Browser.Page)] = []
            pages.append(("/register", try await browser.get("/register")))
            pages.append(("/register invalid", try await browser.post("/register", [("name", ""), ("email", "x")])))
            pages.append(("/signin", try await browser.get("/signin")))
            pages.append(("/signin failed", try await browser.post("/signin", [("email", "x@example.org"), ("password", "whatever it is")])))
            pages.append(("csrf refusal", try await browser.post("/signin", [], token: .some(nil))))
            try await PagesTests.register(browser)
            pages.append(("/account", try await browser.get("/account")))
            pages.append(("/account invalid", try await browser.post("/account", [("name", ""), ("email", "ada@example.org")])))
            pages.append(("/privacy/accept", try await browser.get("/privacy/accept")))
            pages.append(("/privacy/decline", try await browser.get("/privacy/decline")))
            pages.append(("/privacy", try await browser.get("/privacy")))
            for (name, page) in pages {
                let html = page.body.lowercased()
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true, "\(name)")
                #expect(!html.contains("<script"), "\(name) has a script")
                #expect(!html.contains("style="), "\(name) has an inline style")
                #expect(!html.contains("<style"), "\(name) has a style element")
                #expect(html.contains("<link rel=\"stylesheet\" href=\"/assets/custodian.css?v="), "\(name) lacks the stylesheet")
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                for id in Self.controlIds(page.body) {
                    #expect(page.body.contains("<label for=\"\(id)\""), "\(name): \(id) has no label")
                }
            }
        }
    }

    @Test func theStylesheetIsServedAsCSSAndCachedLong() async throws {
        try await TestApp().test { client in
            try await client.execute(uri: Stylesheet.href, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.headers[.cacheControl]?.contains("max-age=31536000") == true)
                let css = String(buffer: response.body)
                #expect(css.contains(":focus-visible"))
                #expect(css.contains("@media"))
            }
        }
    }

    @Test func theNavigationFollowsTheSession() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            let out = try await browser.get("/signin")
            #expect(out.body.contains("href=\"/register\">Register</a>") && out.body.contains("href=\"/signin\">Sign in</a>"))
            #expect(!out.body.contains("Your account"))
            try await PagesTests.register(browser)
            let inside = try await browser.get("/account")
            #expect(inside.body.contains("href=\"/account\">Your account</a>"))
            #expect(inside.body.contains("<form method=\"post\" action=\"/signout\">"))
            #expect(!inside.body.contains(">Register</a>"))
            // The policy page too; a signed-in reader's copy (with their sign-out form) is not cached.
            let policy = try await browser.get("/privacy")
            #expect(policy.body.contains("href=\"/account\">Your account</a>"))
            #expect(policy.headers[.cacheControl] == "no-store")
            let anonymous = try await Browser(client).get("/privacy")
            #expect(anonymous.body.contains(">Sign in</a>"))
            // The comment form carries the browser's CSRF token, so no copy is stored for others.
            #expect(anonymous.headers[.cacheControl] == "no-store")
        }
    }

    /// Ids of the visible form controls of a page.
    static func controlIds(_ html: String) -> [String] {
        var ids: [String] = []
        for tag in html.components(separatedBy: "<").dropFirst() where tag.hasPrefix("input ") || tag.hasPrefix("select ") || tag.hasPrefix("textarea ") {
            if tag.contains("type=\"hidden\"") { continue }
            guard let range = tag.range(of: "id=\"") else {
                ids.append("(control without id)")
                continue
            }
            ids.append(String(tag[range.upperBound...].prefix { $0 != "\"" }))
        }
        return ids
    }
}
