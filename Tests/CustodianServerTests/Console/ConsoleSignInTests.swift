import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Console: sign-in, the one-time password, sessions")
struct ConsoleSignInTests {
    @Test func theOneTimePasswordMustBeReplacedBeforeAnythingElse() async throws {
        let app = try TestApp()
        try await ConsoleSupport.account(app, email: "root@example.org", role: .administrator, password: "one-time-Pass-1", oneTime: true)
        try await app.test { client in
            let browser = Browser(client)
            let first = try await browser.get("/admin")
            #expect(first.status == .seeOther && first.location == "/admin/sign-in?next=/admin")
            let signedIn = try await ConsoleSupport.signIn(browser, email: "Root@Example.org", password: "one-time-Pass-1")
            #expect(signedIn.status == .seeOther && signedIn.location == "/admin/password")
            let cookie = try #require(signedIn.setCookie("custodian_staff"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/admin"))
            #expect(!cookie.contains("Secure"), "not behind TLS in this test")

            // Nothing of the console opens until the password is chosen.
            #expect(try await browser.get("/admin/data-map").location == "/admin/password")
            let form = try await browser.get("/admin/password")
            #expect(form.status == .ok && form.body.contains("Choose your password") && !form.body.contains("href=\"/admin/data-map\""))
            let short = try await browser.post("/admin/password", [("current_password", "one-time-Pass-1"), ("new_password", "short"), ("confirm_password", "short")])
            #expect(short.status == .unprocessableContent && short.body.contains("at least 12 characters"))
            let mismatch = try await browser.post(
                "/admin/password", [("current_password", "one-time-Pass-1"), ("new_password", "a brand new secret"), ("confirm_password", "a brand new secreT")])
            #expect(mismatch.status == .unprocessableContent && mismatch.body.contains("not the same"))
            let wrong = try await browser.post(
                "/admin/password", [("current_password", "guess"), ("new_password", "a brand new secret"), ("confirm_password", "a brand new secret")])
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("not your current password"))
            let chosen = try await browser.post(
                "/admin/password", [("current_password", "one-time-Pass-1"), ("new_password", "a brand new secret"), ("confirm_password", "a brand new secret")])
            #expect(chosen.status == .seeOther && chosen.location == "/admin?password=changed")
            let dashboard = try await browser.get("/admin?password=changed")
            #expect(dashboard.status == .ok && dashboard.body.contains("Your password is saved") && dashboard.body.contains("Administrator"))
            #expect(dashboard.headers[.cacheControl] == "no-store")

            // Signing out ends the session; the one-time password no longer works, the new one does.
            let out = try await browser.post("/admin/sign-out", [])
            #expect(out.status == .seeOther && out.location == "/admin/sign-in?signedout=1")
            #expect(try await browser.get("/admin").location?.hasPrefix("/admin/sign-in") == true)
            #expect(try await ConsoleSupport.signIn(browser, email: "root@example.org", password: "one-time-Pass-1").status == .unprocessableContent)
            #expect(try await ConsoleSupport.signIn(browser, email: "root@example.org", password: "a brand new secret").location == "/admin")
            let actions = try await app.store.repositories.audit.entries(before: nil, limit: 100, filter: .init(action: "staff."))
            #expect(actions.map(\.action).contains("staff.password_change"))
            #expect(actions.map(\.action).contains("staff.sign_out"))
            #expect(actions.filter { $0.action == "staff.sign_in" && $0.outcome == "ok" }.count == 2)
        }
    }

    @Test func repeatedFailuresLockTheAccountAndEveryRefusalReadsTheSame() async throws {
        let app = try TestApp()
        try await ConsoleSupport.account(app, email: "ops@example.org", role: .support)
        try await app.test { client in
            let browser = Browser(client)
            let unknown = try await ConsoleSupport.signIn(browser, email: "nobody@example.org")
            #expect(unknown.status == .unprocessableContent && unknown.body.contains(ConsoleSignInPages.failure))
            for _ in 0..<StaffSignInRules().lockAfterFailures {
                let wrong = try await ConsoleSupport.signIn(browser, email: "ops@example.org", password: "not the password")
                #expect(wrong.status == .unprocessableContent && wrong.body.contains(ConsoleSignInPages.failure))
                #expect(!wrong.body.contains("not the password"))
            }
            let locked = try await ConsoleSupport.signIn(browser, email: "ops@example.org")
            #expect(locked.status == .unprocessableContent && locked.body.contains(ConsoleSignInPages.failure))
            #expect(locked.setCookie("custodian_staff") == nil)
            let denied = try await ConsoleSupport.audit(app, action: "staff.sign_in").filter { $0.outcome == "denied" }
            #expect(denied.count == 2 + StaffSignInRules().lockAfterFailures)
            #expect(denied.first?.details.contains("locked") == true)
            #expect(denied.last?.details.contains("unknown_account") == true)
            #expect(denied.allSatisfy { !$0.details.contains("ops@example.org") && !$0.details.contains("nobody@") })
        }
    }

    @Test func personSessionsNeverOpenTheConsoleAndStaffSessionsNeverOpenAnAccount() async throws {
        let app = try TestApp()
        try await ConsoleSupport.account(app, email: "root@example.org", role: .administrator)
        try await app.test { client in
            let person = Browser(client)
            try await PagesTests.register(person)
            #expect(try await person.get("/account").status == .ok)
            let refused = try await person.get("/admin")
            #expect(refused.status == .seeOther && refused.location?.hasPrefix("/admin/sign-in") == true)
            // The person's own token presented as a staff cookie opens nothing either.
            let personToken = try #require(person.jar["custodian_session"])
            let forged = try await client.execute(uri: "/admin/audit", method: .get, headers: [.cookie: "custodian_staff=\(personToken)"]) { $0.status }
            #expect(forged == .seeOther)

            let staff = Browser(client)
            #expect(try await ConsoleSupport.signIn(staff, email: "root@example.org").location == "/admin")
            let account = try await staff.get("/account")
            #expect(account.status == .seeOther && account.location?.hasPrefix("/signin") == true)
            let staffToken = try #require(staff.jar["custodian_staff"])
            let asPerson = try await client.execute(uri: "/v1/people/me", method: .get, headers: [.authorization: "Bearer \(staffToken)"]) { $0.status }
            #expect(asPerson == .unauthorized)
        }
    }

    @Test func theStaffCookieIsSecureBehindTLS() async throws {
        let app = try TestApp { $0.publicURL = "https://custodian.example.org" }
        try await ConsoleSupport.account(app, email: "root@example.org", role: .administrator)
        try await app.test { client in
            let browser = Browser(client)
            let signedIn = try await ConsoleSupport.signIn(browser, email: "root@example.org")
            let cookie = try #require(signedIn.setCookie("custodian_staff"))
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let out = try await browser.post("/admin/sign-out", [])
            #expect(out.setCookie("custodian_staff")?.contains("Max-Age=0") == true)
        }
    }

    @Test func formsWithoutTheTokenAreRefused() async throws {
        let app = try TestApp()
        try await ConsoleSupport.account(app, email: "root@example.org", role: .administrator)
        try await app.test { client in
            let browser = Browser(client)
            _ = try await browser.get("/admin/sign-in")
            let forged = try await browser.post("/admin/sign-in", [("email", "root@example.org"), ("password", ConsoleSupport.password)], token: .some(nil))
            #expect(forged.status == .forbidden && forged.setCookie("custodian_staff") == nil)
            #expect(try await ConsoleSupport.signIn(browser, email: "root@example.org").location == "/admin")
            let verify = try await browser.post("/admin/audit/verify", [], token: .some(String(repeating: "0", count: 64)))
            #expect(verify.status == .forbidden)
            #expect(try await ConsoleSupport.audit(app, action: "audit.verify").isEmpty)
        }
    }
}
