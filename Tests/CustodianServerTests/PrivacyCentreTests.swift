import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

/// The privacy centre's pages through the real router, as a person's browser uses them: cookies,
/// forms with the CSRF token, no JavaScript.
@Suite("Privacy centre pages")
struct PrivacyCentreTests {
    static func collect(_ client: any TestClientProtocol, _ body: String, key: String) async throws -> HTTPResponse.Status {
        try await client.execute(
            uri: "/v1/collect", method: .post,
            headers: [.contentType: "application/json", .authorization: "Bearer \(key)", .userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"],
            body: ByteBuffer(string: body)
        ) { $0.status }
    }

    /// Registers Ada through the pages and returns her id.
    static func registerAda(_ browser: Browser, _ client: any TestClientProtocol) async throws -> String {
        try await PagesTests.register(browser)
        let me = try await browser.send(.get, "/v1/people/me", body: nil, headers: [.accept: "application/json"])
        let object = try JSONSerialization.jsonObject(with: Data(me.body.utf8)) as? [String: Any]
        return try #require(object?["id"] as? String)
    }

    @Test func everyPageOfTheCentreNeedsASignIn() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            for path in ["/account/data", "/account/choices", "/account/activity", "/account/sharing", "/account/download", "/account/delete"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.location == "/signin?next=\(path)", "\(path)")
            }
        }
    }

    @Test func whatWeHoldShowsTheProfileAndTheCollectedEventsBySourceWithPurposes() async throws {
        let app = try TestApp()
        let collector = try await app.apiKey([.collect])
        try await app.test { client in
            let browser = Browser(client)
            let person = try await Self.registerAda(browser, client)
            let identify = #"{"type":"identify","messageId":"pc-id","anonymousId":"anon-ada","userId":"\#(person)","context":{"ip":"192.0.2.5","locale":"en-GB"}}"#
            #expect(try await Self.collect(client, identify, key: collector) == .accepted)
            let page = #"{"type":"page","messageId":"pc-page","anonymousId":"anon-ada","context":{"ip":"192.0.2.5","locale":"en-GB","page":{"url":"https://shop.example/tea"}}}"#
            #expect(try await Self.collect(client, page, key: collector) == .accepted)

            let held = try await browser.get("/account/data")
            #expect(held.status == .ok)
            let html = held.body
            for heading in ["What you gave us", "What we record as you use the service", "What partners sent us"] {
                #expect(html.contains(heading), "\(heading)")
            }
            for value in ["Ada Lovelace", "ada@example.org", "+442079460958", "1990-12-10", "one-way hash"] {
                #expect(html.contains(value), "\(value) missing")
            }
            #expect(html.contains("2 page views or actions"))
            #expect(html.contains("Firefox 128"))
            #expect(html.contains("Languages: en-GB"))
            #expect(html.contains("data-category=\"user.behavior.browsing_history\""))
            // Each category lists the uses that may read it, with the person's current choice.
            #expect(html.contains("Who may use it, and why"))
            #expect(html.contains("— allowed"))
            #expect(html.contains("<td>events</td><td>2</td>"))
            #expect(!html.contains("<script"))
        }
    }

    @Test func aSwitchRecordsTheChoiceWithItsHistoryAndTheGateFollows() async throws {
        let app = try TestApp()
        let decide = try await app.apiKey([.decide])
        try await app.test { client in
            let browser = Browser(client)
            let person = try await Self.registerAda(browser, client)
            let purpose = "marketing.communications.email"
            let before = try await browser.get("/account/choices")
            #expect(before.status == .ok)
            #expect(before.body.contains("Uses you decide"))
            #expect(before.body.contains("Uses that come with the service"))
            #expect(before.body.contains("name=\"purpose\" value=\"\(purpose)\""))

            // Without the token the change is refused and nothing is recorded.
            let forged = try await browser.post("/account/choices", [("purpose", purpose), ("state", "denied")], token: .some(nil))
            #expect(forged.status == .forbidden)

            let switched = try await browser.post("/account/choices", [("purpose", purpose), ("state", "denied")])
            #expect(switched.status == .seeOther)
            #expect(switched.location == "/account/choices?saved=1")
            let after = try await browser.get("/account/choices?saved=1")
            #expect(after.body.contains("Your choice is saved."))
            #expect(after.body.contains("History of your choices"))
            #expect(after.body.contains("<td>denied</td><td>your choice</td>"))

            let decision = try await client.json(
                .post, "/v1/decisions", #"{"person":"\#(person)","purpose":"\#(purpose)","categories":["user.contact.email"]}"#, token: decide)
            #expect(decision.body["allowed"] as? Bool == false)

            // A use that comes with the service cannot be switched off from the page.
            let refused = try await browser.post("/account/choices", [("purpose", "essential.service"), ("state", "denied")])
            #expect(refused.status == .unprocessableContent)
            let unknown = try await browser.post("/account/choices", [("purpose", purpose), ("state", "maybe")])
            #expect(unknown.status == .unprocessableContent)
        }
    }

    @Test func activityShowsSignInsAndSessionsAndEndsOne() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            _ = try await Self.registerAda(browser, client)
            // A second session elsewhere: the API.
            let other = try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery"}"#)
            #expect(other.status == .created)
            let failed = try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"wrong wrong wrong"}"#)
            #expect(failed.status == .unauthorized)

            let page = try await browser.get("/account/activity")
            #expect(page.status == .ok)
            #expect(page.body.contains("Recent sign-ins"))
            #expect(page.body.contains("Signed in"))
            #expect(page.body.contains("Wrong password"))
            #expect(page.body.contains("(this browser)"))
            #expect(page.body.contains("App or API"))
            let token = try #require(other.body["token"] as? String)
            let sessions = try await client.json(.get, "/v1/people/me/sessions", token: token)
            let items = try #require((sessions.body["items"] ?? sessions.body["sessions"]) as? [[String: Any]])
            let apiSession = try #require(items.first { $0["channel"] as? String == "api" }?["id"] as? String)

            let ended = try await browser.post("/account/sessions/\(apiSession)/end", [])
            #expect(ended.status == .seeOther)
            #expect(ended.location == "/account/activity?ended=1")
            #expect(try await client.json(.get, "/v1/people/me", token: token).status == .unauthorized)
            #expect(try await browser.get("/account/activity").status == .ok)
            #expect(try await browser.post("/account/sessions/no-such-session/end", []).status == .notFound)
        }
    }

    @Test func downloadSharingAndDeletePagesSayWhatTheyDo() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            _ = try await Self.registerAda(browser, client)
            let download = try await browser.get("/account/download")
            #expect(download.body.contains("href=\"/v1/people/me/export?format=html\""))
            #expect(download.body.contains("href=\"/v1/people/me/export?format=json\""))
            let readable = try await browser.get("/v1/people/me/export?format=html")
            #expect(readable.status == .ok)
            #expect(readable.body.contains("ada@example.org"))

            let sharing = try await browser.get("/account/sharing")
            #expect(sharing.status == .ok)
            #expect(sharing.body.contains("Nothing about you has been shared with a partner."))

            let delete = try await browser.get("/account/delete")
            #expect(delete.body.contains("What is erased"))
            #expect(delete.body.contains("What is kept"))
            #expect(delete.body.contains("autocomplete=\"current-password\""))
            let wrong = try await browser.post("/account/delete", [("from", "centre"), ("password", "not the password")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.contains("What is erased"))
            #expect(wrong.body.contains("aria-describedby=\"field-password-error\""))
            let deleted = try await browser.post("/account/delete", [("from", "centre"), ("password", "correct horse battery")])
            #expect(deleted.status == .ok)
            #expect(deleted.body.contains("Your account is deleted"))
            #expect(try await browser.get("/account/data").status == .seeOther)
        }
    }

    @Test func theContactPageTakesAVisitorsMessageWithFieldErrors() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let visitor = Browser(client)
            let form = try await visitor.get("/contact")
            #expect(form.status == .ok)
            #expect(form.body.contains("Contact the privacy team"))
            #expect(form.body.contains("name=\"email\""))
            #expect(form.body.contains("<textarea id=\"field-body\" name=\"body\""))

            let missing = try await visitor.post("/contact", [("name", "Grace"), ("email", "not an address"), ("subject", ""), ("body", "")])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.body.contains("aria-describedby=\"field-email-hint field-email-error\""))
            #expect(missing.body.contains("value=\"Grace\""))

            let sent = try await visitor.post("/contact", [
                ("name", "Grace Hopper"), ("email", "grace@example.org"), ("topic", "privacy"), ("subject", "My data"), ("body", "What do you hold about me?"),
            ])
            #expect(sent.status == .seeOther)
            let location = try #require(sent.location)
            #expect(location.hasPrefix("/contact?sent="))
            #expect(!location.contains("grace"))
            let receipt = try await visitor.get(location)
            #expect(receipt.body.contains("Your message is sent"))

            let queue = try await client.json(.get, "/v1/admin/contact?topic=privacy", token: admin)
            #expect((queue.body["items"] as? [[String: Any]])?.count == 1)

            // Signed in, the form asks for no name or address, and sits in the centre's menu.
            let ada = Browser(client)
            try await PagesTests.register(ada)
            let own = try await ada.get("/contact")
            #expect(!own.body.contains("name=\"email\""))
            #expect(own.body.contains("aria-label=\"Privacy centre\""))
        }
    }
}
