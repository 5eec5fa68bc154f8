import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The "Leave a Reply" form under `/privacy` and the comments below the policy, through the real
/// router with a browser that keeps cookies and sends forms with their CSRF token.
@Suite("Comments on the policy page")
struct CommentPagesTests {
    @Test func thePolicyPageCarriesTheAccessibleForm() async throws {
        try await TestApp().test { client in
            let page = try await Browser(client).get("/privacy")
            #expect(page.status == .ok)
            let html = page.body
            #expect(html.contains("Your email address will not be published."))
            #expect(html.contains("Required fields are marked *"))
            #expect(html.contains("<form method=\"post\" action=\"/privacy/comments\" id=\"comment-form\" novalidate>"))
            #expect(html.contains("name=\"csrf_token\""))
            for (field, label) in [("body", "Comment"), ("name", "Name"), ("email", "Email")] {
                #expect(html.contains("<label for=\"field-\(field)\">\(label) <span class=\"required\" aria-hidden=\"true\">*</span></label>"), "\(field)")
            }
            #expect(html.contains("<label for=\"field-website\">Website</label>"))
            #expect(html.contains("id=\"field-email\" name=\"email\" required autocomplete=\"email\"") && html.contains("aria-describedby=\"field-email-hint\""))
            #expect(html.contains("No comments yet"))
            // The form sits in the policy's own "Leave a Reply" section, the list after the policy.
            let form = try #require(html.range(of: "id=\"comment-form\""))
            let article = try #require(html.range(of: "</article>"))
            let list = try #require(html.range(of: "id=\"comments-list\""))
            #expect(form.lowerBound < article.lowerBound && article.lowerBound < list.lowerBound)
            #expect(!html.lowercased().contains("<script"))
            // The page carries a per-browser token: never stored by a cache.
            #expect(page.headers[.cacheControl] == "no-store")
        }
    }

    @Test func theFormRefusesForgeriesAndTiesEachErrorToItsField() async throws {
        try await TestApp().test { client in
            let browser = Browser(client)
            _ = try await browser.get("/privacy")
            let forged = try await browser.post("/privacy/comments", [("name", "Grace"), ("email", "grace@example.net"), ("body", "Hi")], token: .some(nil))
            #expect(forged.status == .forbidden)

            _ = try await browser.get("/privacy")
            let problems = try await browser.post("/privacy/comments", [("name", ""), ("email", "problem.address@example"), ("body", ""), ("website", "javascript:alert(1)")])
            #expect(problems.status == .unprocessableContent)
            let html = problems.body
            #expect(html.contains("<title>Error: "))
            #expect(html.contains("There is a problem"))
            for field in ["body", "name", "email", "website"] {
                #expect(html.contains("id=\"field-\(field)-error\""), "\(field) error shown")
                #expect(html.contains("href=\"#field-\(field)\""), "\(field) linked from the summary")
            }
            #expect(html.contains("aria-describedby=\"field-email-hint field-email-error\""))
            // The address typed is not echoed back, not even into the form.
            #expect(!html.contains("problem.address@example"))
        }
    }

    @Test func aPostedCommentIsEscapedAndItsAddressAppearsNowhere() async throws {
        let box = MemoryLogHandlerBox()
        let logger = Logger(label: "custodian.tests") { _ in box.handler(label: "custodian.tests") }
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        let email = "unique.\(UUID().uuidString.prefix(8).lowercased())@example.net"
        try await app.test(logger: logger, keepData: true) { client in
            let browser = Browser(client)
            _ = try await browser.get("/privacy")
            let posted = try await browser.post("/privacy/comments", [
                ("name", "<script>alert('name')</script>"), ("email", email), ("website", "https://grace.example.net/?a=1&b=\"2\""),
                ("body", "First line <script>alert(1)</script>\nsecond line\n\nA new paragraph & more"),
            ])
            #expect(posted.status == .seeOther, "\(posted.body)")
            #expect(posted.location == "/privacy?comment=pending#respond")
            let thanks = try await browser.get(try #require(posted.location))
            #expect(thanks.body.contains("Your comment is awaiting moderation."))

            let queue = try await client.json(.get, "/v1/admin/comments?status=pending", token: admin)
            let id = try #require((queue.body["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.json(.post, "/v1/admin/comments/\(id)/approve", token: admin).status == .ok)

            let page = try await browser.get("/privacy")
            #expect(page.body.contains("One comment"))
            #expect(page.body.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"))
            #expect(page.body.contains("<p>First line &lt;script&gt;alert(1)&lt;/script&gt;<br>second line</p><p>A new paragraph &amp; more</p>"))
            #expect(page.body.contains("href=\"https://grace.example.net/?a=1&amp;b=&quot;2&quot;\" rel=\"external nofollow ugc noopener noreferrer\""))
            #expect(!page.body.lowercased().contains("<script"))

            // The address: in no page, API answer, moderation list or log line.
            let bodies = [
                page.body, thanks.body, try await Browser(client).get("/privacy").body,
                try await client.json(.get, "/v1/comments?page=/privacy").raw,
                try await client.json(.get, "/v1/admin/comments?status=all", token: admin).raw,
                try await client.json(.get, "/v1/admin/comments?status=approved", token: admin).raw,
            ]
            for body in bodies { #expect(!body.lowercased().contains(email), "the address leaked") }
            #expect(bodies[3].contains("A new paragraph"), "the comment itself is published")
        }
        #expect(!box.all.lowercased().contains(email), "the address is in a log line")
        #expect(!box.all.contains(email.split(separator: "@")[0]))
        // Nor in the raw database: the SQLite file and its write-ahead log.
        for suffix in ["", "-wal"] {
            let path = app.configuration.store.sqlitePath + suffix
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            #expect(data.range(of: Data(email.utf8)) == nil, "the address is readable in \(path)")
            #expect(data.range(of: Data(email.uppercased().utf8)) == nil)
        }
        try? FileManager.default.removeItem(atPath: app.directory)
    }

    @Test func aKnownAddressIsPublishedAtOnceAndOlderCommentsArePaged() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let first = try await client.json(.post, "/v1/comments", CommentsTests.comment(email: "regular@example.net", body: "Comment 0"))
            _ = try await client.json(.post, "/v1/admin/comments/\(try #require(first.body["id"] as? String))/approve", token: admin)
            let browser = Browser(client)
            for index in 1..<4 {
                _ = try await browser.get("/privacy")
                let posted = try await browser.post("/privacy/comments", [("name", "Regular"), ("email", "regular@example.net"), ("body", "Comment \(index)")])
                #expect(posted.location == "/privacy?comment=published#respond")
            }
            let page = try await browser.get("/privacy")
            #expect(page.body.contains("4 comments") && page.body.contains("Comment 3") && page.body.contains("Comment 0"))
            // Fifty to a page: with four there is no link to older ones.
            #expect(!page.body.contains("Older comments"))
            // A cursor that is not ours shows the newest.
            #expect(try await browser.get("/privacy?comments=nonsense").status == .ok)
        }
    }
}
