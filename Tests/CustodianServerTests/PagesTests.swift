import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Pages: register, account, sign in and out, policy acceptance")
struct PagesTests {
    static let ada: [(String, String)] = [
        ("name", "Ada Lovelace"), ("email", "ada@example.org"), ("password", "correct horse battery"),
        ("phone", "+44 20 7946 0958"), ("gender", "female"), ("birthDate", "1990-12-10"),
    ]

    /// Registers Ada through the page; she is signed in afterwards.
    static func register(_ browser: Browser) async throws {
        #expect(try await browser.get("/register").status == .ok)
        let registered = try await browser.post("/register", ada)
        #expect(registered.status == .seeOther, "\(registered.body)")
        #expect(registered.location == "/account")
    }

    @Test func registerReadCorrectSignOutAndSignInAgain() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            let form = try await browser.get("/register")
            #expect(form.body.contains("href=\"/privacy\""))
            #expect(form.body.contains("Registering means you accept this version"))
            try await Self.register(browser)

            let account = try await browser.get("/account")
            #expect(account.status == .ok)
            for held in ["Ada Lovelace", "ada@example.org", "+442079460958", "1990-12-10", "Female"] {
                #expect(account.body.contains(held), "\(held) missing")
            }
            #expect(account.body.contains("Your account") && account.body.contains("action=\"/signout\""))

            // PATCH semantics: the emptied phone is removed, the unchanged fields stay.
            let corrected = try await browser.post("/account", [
                ("name", "Augusta Ada King"), ("email", "ada@example.org"), ("phone", ""), ("gender", "female"), ("birthDate", "1990-12-10"),
            ])
            #expect(corrected.status == .seeOther, "\(corrected.body)")
            #expect(corrected.location == "/account?saved=1")
            let saved = try await browser.get("/account?saved=1")
            #expect(saved.body.contains("Your corrections are saved."))
            #expect(saved.body.contains("Augusta Ada King"))
            #expect(!saved.body.contains("+442079460958"))
            #expect(!saved.body.contains("Ada Lovelace"))

            let signedOut = try await browser.post("/signout", [])
            #expect(signedOut.status == .seeOther)
            #expect(browser.jar[SessionAuthenticator.cookieName] == nil)
            let away = try await browser.get("/account")
            #expect(away.status == .seeOther)
            #expect(away.location == "/signin?next=/account")

            #expect(try await browser.get("/signin?next=%2Faccount").body.contains("name=\"next\" value=\"/account\""))
            let signedIn = try await browser.post("/signin", [("email", "ADA@example.org"), ("password", "correct horse battery"), ("next", "/account")])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/account")
            #expect(try await browser.get("/account").body.contains("Augusta Ada King"))
        }
    }

    @Test func invalidFieldsAreListedAtTheTopAndTiedToTheirFieldWithValuesKept() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            _ = try await browser.get("/register")
            let page = try await browser.post("/register", [
                ("name", "Ada <b>Lovelace</b>"), ("email", "not-an-email"), ("password", "correct horse battery"), ("birthDate", "2999-01-01"),
            ])
            #expect(page.status == .unprocessableContent)
            #expect(page.body.contains("<title>Error: Create your account</title>"))
            #expect(page.body.contains("class=\"error-summary\" role=\"alert\""))
            #expect(page.body.contains("<a href=\"#field-email\">"))
            #expect(page.body.contains("id=\"field-email-error\""))
            #expect(page.body.contains("aria-invalid=\"true\" aria-describedby=\"field-email-error\""))
            #expect(page.body.contains("aria-describedby=\"field-birthDate-hint field-birthDate-error\""))
            // Typed values come back escaped; the password never does.
            #expect(page.body.contains("value=\"Ada &lt;b&gt;Lovelace&lt;/b&gt;\""))
            #expect(page.body.contains("value=\"not-an-email\""))
            #expect(!page.body.contains("correct horse battery"))
            #expect(!page.body.contains("<b>Lovelace"))
        }
    }

    @Test func aTakenEmailGetsTheSameAnswerAndCreatesNobody() async throws {
        let app = try TestApp()
        try await app.test { client in
            try await Self.register(Browser(client))
            let other = Browser(client)
            _ = try await other.get("/register")
            let again = try await other.post("/register", [("name", "Mallory"), ("email", "Ada@Example.org"), ("password", "another long secret")])
            #expect(again.status == .seeOther)
            #expect(again.location == "/account")
            #expect(again.setCookie(SessionAuthenticator.cookieName) != nil)
            // The cookie opens nothing.
            #expect(try await other.get("/account").status == .seeOther)
            let count = try await app.store.database.read { try await $0.first(SQL("SELECT COUNT(*) AS n FROM people"))?.int("n") }
            #expect(count == 1)
        }
    }

    @Test func aFailedSignInSaysTheSameWhateverWasWrong() async throws {
        try await TestApp().test { client in
            try await Self.register(Browser(client))
            let browser = Browser(client)
            _ = try await browser.get("/signin")
            let wrongPassword = try await browser.post("/signin", [("email", "ada@example.org"), ("password", "not the password")])
            let unknownEmail = try await browser.post("/signin", [("email", "nobody@example.org"), ("password", "correct horse battery")])
            #expect(wrongPassword.status == .unprocessableContent)
            #expect(unknownEmail.status == wrongPassword.status)
            #expect(wrongPassword.body.contains(PageLayout.escape(SignInPage.failure)))
            // Apart from the address typed, which is given back, the two pages are the same.
            #expect(wrongPassword.body.replacingOccurrences(of: "ada@example.org", with: "X") == unknownEmail.body.replacingOccurrences(of: "nobody@example.org", with: "X"))
            #expect(!wrongPassword.body.contains("aria-invalid"))
            #expect(wrongPassword.setCookie(SessionAuthenticator.cookieName) == nil)
        }
    }

    @Test func onlyLocalPathsAreFollowedAfterSigningIn() async throws {
        try await TestApp().test { client in
            try await Self.register(Browser(client))
            for (next, expected) in [("//evil.example/x", "/account"), ("https://evil.example", "/account"), ("/\\evil.example", "/account"), ("/privacy/decline", "/privacy/decline")] {
                let browser = Browser(client)
                _ = try await browser.get("/signin")
                let reply = try await browser.post("/signin", [("email", "ada@example.org"), ("password", "correct horse battery"), ("next", next)])
                #expect(reply.location == expected, "next \(next)")
            }
        }
    }

    @Test func aChangedPolicyIsAcceptedOnItsPageWithWhatChanged() async throws {
        let first = try TestApp()
        let jar = CookieJar()
        try await first.test(keepData: true) { client in
            try await Self.register(Browser(client, jar: jar))
        }
        defer { try? FileManager.default.removeItem(atPath: first.directory) }
        let changedPolicy = first.directory + "/changed-policy.yaml"
        try DefaultPolicy.yaml.replacingOccurrences(of: "name: the Platform", with: "name: Example Platform")
            .write(toFile: changedPolicy, atomically: true, encoding: .utf8)
        let second = try TestApp(environment: first.configuration.environment, directory: first.directory) { $0.policyFile = changedPolicy }
        try await second.test { client in
            let browser = Browser(client, jar: jar)
            let account = try await browser.get("/account")
            #expect(account.status == .seeOther)
            #expect(account.location == "/privacy/accept")

            let page = try await browser.get("/privacy/accept")
            #expect(page.status == .ok)
            #expect(page.body.contains("The privacy policy has changed"))
            #expect(page.body.contains("which you accepted on"))
            #expect(page.body.contains("controller"))
            #expect(page.body.contains("Example Platform"))
            #expect(page.body.contains("href=\"/privacy/decline\""))
            let version = try #require(try await client.json(.get, "/privacy.json").body["version"] as? String)
            #expect(page.body.contains("name=\"version\" value=\"\(version)\""))

            let accepted = try await browser.post("/privacy/accept", [("version", version)])
            #expect(accepted.status == .seeOther)
            #expect(accepted.location == "/account")
            #expect(try await browser.get("/account").status == .ok)

            let person = try #require(try await client.json(.get, "/v1/people/me", headers: [.cookie: jar.header ?? ""]).body["id"] as? String)
            let acceptances = try await second.store.repositories.acceptances.list(of: person)
            let web = try #require(acceptances.last)
            #expect(web.policyVersion == version)
            #expect(web.channel == "web")
            #expect(web.userAgentFamily == "Firefox")
            #expect(web.evidence["requestId"] != nil)
            #expect(try await browser.get("/privacy/accept").body.contains("You have accepted the current privacy policy"))
        }
    }

    @Test func theDeclinePageExplainsStoppingAndDeletesTheAccountWithThePassword() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            try await Self.register(browser)
            let page = try await browser.get("/privacy/decline")
            #expect(page.status == .ok)
            #expect(page.body.contains("you should stop using the Platform"))
            #expect(page.body.contains("action=\"/signout\""))
            #expect(page.body.contains("Withdraw your consents"))
            #expect(page.body.contains("Download your data"))
            #expect(page.body.contains("action=\"/account/delete\""))
            #expect(page.body.contains("autocomplete=\"current-password\""))

            let refused = try await browser.post("/account/delete", [("password", "not it at all")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("aria-describedby=\"field-password-error\""))
            #expect(try await browser.get("/account").status == .ok)

            let deleted = try await browser.post("/account/delete", [("password", "correct horse battery")])
            #expect(deleted.status == .ok)
            #expect(deleted.body.contains("Your account is deleted"))
            #expect(deleted.setCookie(SessionAuthenticator.cookieName)?.contains("Max-Age=0") == true)
            #expect(try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery"}"#).status == .unauthorized)

            // Signed out, the page still explains, without the forms that need an account.
            let anonymous = try await Browser(client).get("/privacy/decline")
            #expect(anonymous.status == .ok)
            #expect(!anonymous.body.contains("action=\"/account/delete\""))
        }
    }
}
