import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Console: roles, pages, the purpose gate, audit")
struct ConsolePagesTests {
    @Test(arguments: StaffRole.allCases)
    func eachRoleSeesOnlyItsPagesAndIsRefusedTheRestWithA403(role: StaffRole) async throws {
        let app = try TestApp()
        let account = try await ConsoleSupport.account(app, email: "\(role.rawValue)@example.org", role: role)
        try await app.test { client in
            let browser = Browser(client)
            #expect(try await ConsoleSupport.signIn(browser, email: "\(role.rawValue)@example.org").location == "/admin")
            let dashboard = try await browser.get("/admin")
            for (path, permission) in ConsoleSupport.pages {
                let page = try await browser.get(path)
                if role.allows(permission) {
                    #expect(page.status == .ok, "\(role) should see \(path)")
                } else {
                    #expect(page.status == .forbidden, "\(role) must not see \(path)")
                    #expect(page.body.contains("You do not have access to this page"))
                }
                if path != "/admin" {
                    #expect(dashboard.body.contains("href=\"\(path)\"") == role.allows(permission), "\(role) navigation and \(path)")
                }
            }
            // Forms are held to the same permissions as pages.
            let verify = try await browser.post("/admin/audit/verify", [])
            #expect(verify.status == (role.allows(.verifyAudit) ? .ok : .forbidden))
            let lookup = try await browser.post("/admin/people", [("email", "ada@example.org")])
            #expect((lookup.status != .forbidden) == role.allows(.lookUpPeople))
            let forbidden = try await ConsoleSupport.audit(app, action: "console.forbidden")
            let refusedPages = ConsoleSupport.pages.filter { !role.allows($0.permission) }.count
                + (role.allows(.verifyAudit) ? 0 : 1) + (role.allows(.lookUpPeople) ? 0 : 1)
            #expect(forbidden.count == refusedPages)
            #expect(forbidden.allSatisfy { $0.actor == "staff:\(account.id)" && $0.outcome == "denied" })
            let views = try await ConsoleSupport.audit(app, action: "console.view")
            #expect(views.contains { $0.details.contains("/admin/data-map") } == role.allows(.viewDataMap))
            #expect(views.allSatisfy { $0.actor == "staff:\(account.id)" })
        }
    }

    @Test func theVerifyButtonChecksTheChainLikeTheCommandAndIsAudited() async throws {
        let app = try TestApp()
        let officer = try await ConsoleSupport.account(app, email: "dpo@example.org", role: .privacyOfficer)
        try await app.test { client in
            let browser = Browser(client)
            try await ConsoleSupport.signIn(browser, email: "dpo@example.org")
            let log = try await browser.get("/admin/audit")
            #expect(log.body.contains("Verify chain") && log.body.contains("staff.sign_in"))
            let verified = try await browser.post("/admin/audit/verify", [])
            #expect(verified.status == .ok)
            // The chain as it stood: everything before the verification's own entry and the action's.
            let head = try #require(try await app.store.repositories.audit.head())
            #expect(verified.body.contains("audit chain intact: \(head.seq - 2) entries"), "\(verified.body)")
            let filtered = try await browser.get("/admin/audit?action=staff.")
            #expect(filtered.body.contains("staff.sign_in") && !filtered.body.contains("<code>console.view</code>"))
            let verifications = try await ConsoleSupport.audit(app, action: "audit.verify")
            #expect(verifications.count == 1 && verifications.first?.actor == "staff:\(officer.id)" && verifications.first?.outcome == "ok")
        }
    }

    @Test func supportReadsAProfileThroughThePurposeGateAndTheReadingIsAudited() async throws {
        let app = try TestApp()
        let support = try await ConsoleSupport.account(app, email: "help@example.org", role: .support)
        try await app.test { client in
            try await PagesTests.register(Browser(client))
            let browser = Browser(client)
            try await ConsoleSupport.signIn(browser, email: "help@example.org")
            let form = try await browser.get("/admin/people")
            #expect(form.status == .ok && form.body.contains("method=\"post\" action=\"/admin/people\""))
            let found = try await browser.post("/admin/people", [("email", "ADA@example.org")])
            #expect(found.status == .ok)
            for shown in ["Ada Lovelace", "ada@example.org", "+442079460958", ContactRules.purpose] { #expect(found.body.contains(shown), "\(shown)") }
            // Only what customer service may read: not the birth date or gender.
            #expect(!found.body.contains("1990-12-10") && !found.body.lowercased().contains(">female<"))
            let missing = try await browser.post("/admin/people", [("email", "nobody@example.org")])
            #expect(missing.body.contains("No person has this email address"))
            let invalid = try await browser.post("/admin/people", [("email", "not an address")])
            #expect(invalid.status == .unprocessableContent)
            let person = try #require(try await app.store.repositories.people.find(LookupKey(kind: "email", value: "ada@example.org")))
            let views = try await ConsoleSupport.audit(app, action: "console.person.view")
            #expect(views.count == 1)
            let view = try #require(views.first)
            #expect(view.actor == "staff:\(support.id)" && view.subject == person && view.purpose == ContactRules.purpose)
            #expect(Set(view.categories) == [ContactRules.nameCategory, ContactRules.emailCategory, ContactRules.phoneCategory])
            #expect(!view.details.contains("ada@example.org"))
            #expect(try await ConsoleSupport.audit(app, action: "console.person.search").count == 1)
        }
    }

    @Test func contactMessagesOpenThroughTheGateAndAggregatesCountLiveData() async throws {
        let app = try TestApp()
        try await ConsoleSupport.account(app, email: "root@example.org", role: .administrator)
        try await app.test { client in
            try await PagesTests.register(Browser(client))
            let sent = try await client.json(.post, "/v1/contact", #"{"name":"Grace","email":"grace@example.net","subject":"Hello there","body":"A question about my data."}"#)
            #expect(sent.status == .created || sent.status == .accepted, "\(sent.raw)")
            let id = try #require(sent.body["id"] as? String)
            let browser = Browser(client)
            try await ConsoleSupport.signIn(browser, email: "root@example.org")
            let list = try await browser.get("/admin/contact")
            #expect(list.body.contains("/admin/contact/\(id)") && !list.body.contains("Hello there"))
            let message = try await browser.get("/admin/contact/\(id)")
            #expect(message.status == .ok && message.body.contains("Hello there") && message.body.contains("grace@example.net"))
            #expect(try await browser.get("/admin/contact/nope").status == .notFound)

            let map = try await browser.get("/admin/data-map")
            #expect(map.body.contains("<code>user.name</code>") && map.body.contains("Values held"))
            #expect(map.body.contains("<td>provided</td><td>1</td><td>1</td>"), "Ada's name, given by her")
            let consent = try await browser.get("/admin/consent")
            #expect(consent.body.contains("1 people") && consent.body.contains("<code>marketing.communications.email</code>"))
            let policy = try await browser.get("/admin/policy")
            #expect(policy.body.contains("/privacy/versions/"))
            let staff = try await browser.get("/admin/staff")
            #expect(staff.body.contains("root@example.org") && staff.body.contains("(you)"))
            let reads = try await ConsoleSupport.audit(app, action: "contact.read")
            #expect(reads.count == 1 && reads.first?.actor.hasPrefix("staff:") == true && reads.first?.purpose == ContactRules.purpose)
        }
    }

    @Test func disablingAnAccountEndsItsSessions() async throws {
        let app = try TestApp()
        try await ConsoleSupport.account(app, email: "root@example.org", role: .administrator)
        let analyst = try await ConsoleSupport.account(app, email: "numbers@example.org", role: .analyst)
        try await app.test { client in
            let other = Browser(client)
            try await ConsoleSupport.signIn(other, email: "numbers@example.org")
            #expect(try await other.get("/admin/data-map").status == .ok)
            let admin = Browser(client)
            try await ConsoleSupport.signIn(admin, email: "root@example.org")
            _ = try await admin.get("/admin/staff")
            let disabled = try await admin.post("/admin/staff/\(analyst.id)/disable", [])
            #expect(disabled.status == .seeOther)
            #expect(try await other.get("/admin/data-map").location?.hasPrefix("/admin/sign-in") == true)
            #expect(try await ConsoleSupport.signIn(other, email: "numbers@example.org").status == .unprocessableContent)
            #expect(try await ConsoleSupport.audit(app, action: "staff.disable").first?.subject == "staff:\(analyst.id)")
        }
    }
}
