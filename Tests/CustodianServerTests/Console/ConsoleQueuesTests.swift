import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The console's two queues through the real router: comment moderation and privacy requests.
@Suite("Console: comment moderation and the request queue")
struct ConsoleQueuesTests {
    @Test func aModeratorApprovesAFirstCommentWithoutEverSeeingTheAddress() async throws {
        let app = try TestApp()
        _ = try await ConsoleSupport.account(app, email: "dpo@example.org", role: .privacyOfficer)
        _ = try await ConsoleSupport.account(app, email: "analyst@example.org", role: .analyst)
        try await app.test { client in
            let posted = try await client.json(
                .post, "/v1/comments", #"{"name":"Rosalind","email":"rosalind.queue@example.net","body":"A first comment, held.","page":"/privacy"}"#)
            #expect(posted.status == .created, "\(posted.raw)")
            let id = try #require(posted.body["id"] as? String)
            #expect(posted.body["status"] as? String == "pending")

            let browser = Browser(client)
            try await ConsoleSupport.signIn(browser, email: "dpo@example.org")
            let queue = try await browser.get("/admin/comments")
            #expect(queue.status == .ok)
            #expect(queue.body.contains("A first comment, held.") && queue.body.contains("Rosalind"))
            #expect(!queue.body.contains("rosalind.queue@example.net"))
            #expect(queue.body.contains("action=\"/admin/comments/\(id)/approve\""))

            let approved = try await browser.post("/admin/comments/\(id)/approve", [])
            #expect(approved.status == .seeOther && approved.location == "/admin/comments?done=approve")
            let published = try await client.json(.get, "/v1/comments?page=/privacy")
            #expect((published.body["items"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true)
            #expect(!published.raw.contains("rosalind.queue@example.net"))
            #expect(try await browser.post("/admin/comments/no-such-comment/spam", []).status == .notFound)
            let steps = try await ConsoleSupport.audit(app, action: "comment.status")
            #expect(steps.count == 1 && steps.first?.actor.hasPrefix("staff:") == true)

            // An analyst holds no moderation permission.
            let analyst = Browser(client)
            try await ConsoleSupport.signIn(analyst, email: "analyst@example.org")
            #expect(try await analyst.get("/admin/comments").status == .forbidden)
            #expect(try await analyst.post("/admin/comments/\(id)/reject", []).status == .forbidden)
        }
    }

    @Test func anOfficerTakesARequestFromTheQueueToCompleteWithItsHistory() async throws {
        let app = try TestApp()
        _ = try await ConsoleSupport.account(app, email: "dpo@example.org", role: .privacyOfficer)
        _ = try await ConsoleSupport.account(app, email: "support@example.org", role: .support)
        let decide = try await app.apiKey([.decide])
        try await app.test { client in
            let (person, token) = try await client.registerAndSignIn()
            let purpose = "marketing.communications.email"
            let filed = try await client.json(
                .post, "/v1/people/me/requests", #"{"kind":"objection","purpose":"\#(purpose)","details":"No promotions, please."}"#, token: token)
            #expect(filed.status == .created || filed.status == .accepted, "\(filed.raw)")
            let id = try #require(filed.body["id"] as? String)

            let browser = Browser(client)
            try await ConsoleSupport.signIn(browser, email: "dpo@example.org")
            let queue = try await browser.get("/admin/requests")
            #expect(queue.status == .ok)
            #expect(queue.body.contains("href=\"/admin/requests/\(id)\"") && queue.body.contains("objection") && queue.body.contains("pending"))
            let shown = try await browser.get("/admin/requests/\(id)")
            #expect(shown.body.contains("No promotions, please.") && shown.body.contains("value=\"approve\""))
            #expect(!shown.body.contains("ada@example.org"))

            #expect(try await browser.post("/admin/requests/\(id)/transition", [("action", "approve"), ("note", "Identity known: signed in.")]).status == .seeOther)
            #expect(try await browser.post("/admin/requests/\(id)/transition", [("action", "complete")]).status == .seeOther)
            let done = try await browser.get("/admin/requests/\(id)")
            #expect(done.body.contains("complete") && done.body.contains("This request is closed.") && done.body.contains("Identity known: signed in."))
            #expect(try await browser.post("/admin/requests/\(id)/transition", [("action", "start")]).status == .conflict)
            #expect(try await browser.post("/admin/requests/\(id)/transition", [("action", "explode")]).status == .unprocessableContent)

            // Completing the objection did its work: the purpose is denied for the person.
            let decision = try await client.json(
                .post, "/v1/decisions", #"{"person":"\#(person)","purpose":"\#(purpose)","categories":["user.contact.email"]}"#, token: decide)
            #expect(decision.body["allowed"] as? Bool == false)

            let support = Browser(client)
            try await ConsoleSupport.signIn(support, email: "support@example.org")
            #expect(try await support.get("/admin/requests").status == .forbidden)
        }
    }
}
