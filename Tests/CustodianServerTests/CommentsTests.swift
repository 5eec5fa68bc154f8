import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Comments through the real router: the JSON API, moderation, validation, screening, limits,
/// linking to a signed-in person, erasure.
@Suite("Comments: API, moderation, first comments held, screening, limits")
struct CommentsTests {
    static func app() throws -> TestApp {
        try TestApp { configuration in configuration.risk.protectedDomains = ["paypal.com"] }
    }

    static func comment(_ name: String = "Grace", email: String = "grace@example.net", body: String = "Clear and short.", extra: String = "") -> String {
        #"{"name":"\#(name)","email":"\#(email)","body":"\#(body)"\#(extra)}"#
    }

    @Test func aFirstCommentWaitsThenIsPublishedAndTheNextGoesStraightUp() async throws {
        let app = try Self.app()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let posted = try await client.json(.post, "/v1/comments", Self.comment(extra: #","website":"https://grace.example.net/""#))
            #expect(posted.status == .created, "\(posted.raw)")
            #expect(posted.body["status"] as? String == "pending" && posted.body["page"] as? String == "/privacy")
            let id = try #require(posted.body["id"] as? String)
            #expect((try await client.json(.get, "/v1/comments?page=/privacy").body["items"] as? [Any])?.isEmpty == true)

            // Staff see the queue with name, website and body — not the address.
            let queue = try await client.json(.get, "/v1/admin/comments?status=pending", token: admin)
            #expect(queue.status == .ok, "\(queue.raw)")
            let items = try #require(queue.body["items"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["name"] as? String == "Grace" && items[0]["website"] as? String == "https://grace.example.net/")
            #expect(items[0]["email"] == nil && !queue.raw.contains("grace@example.net"))

            let approved = try await client.json(.post, "/v1/admin/comments/\(id)/approve", token: admin)
            #expect(approved.status == .ok && approved.body["status"] as? String == "approved", "\(approved.raw)")
            let listed = try await client.json(.get, "/v1/comments?page=/privacy")
            let published = try #require(listed.body["items"] as? [[String: Any]])
            #expect(published.count == 1 && published[0]["body"] as? String == "Clear and short." && published[0]["email"] == nil)

            // The same address (in another case) is published at once now.
            let again = try await client.json(.post, "/v1/comments", Self.comment(email: "Grace@Example.NET", body: "Thanks for the answer."))
            #expect(again.body["status"] as? String == "approved", "\(again.raw)")
            #expect((try await client.json(.get, "/v1/comments?page=/privacy&limit=1").body["next"] as? String) != nil)

            // Reject, spam, delete; unknown ids are 404; every action audited.
            let other = try await client.json(.post, "/v1/comments", Self.comment(email: "other@example.net"))
            let otherId = try #require(other.body["id"] as? String)
            #expect(try await client.json(.post, "/v1/admin/comments/\(otherId)/reject", token: admin).body["status"] as? String == "rejected")
            #expect(try await client.json(.post, "/v1/admin/comments/\(otherId)/spam", token: admin).body["status"] as? String == "spam")
            #expect(try await client.json(.get, "/v1/admin/comments?status=spam", token: admin).raw.contains(otherId))
            #expect(try await client.json(.delete, "/v1/admin/comments/\(otherId)", token: admin).status == .noContent)
            #expect(try await client.json(.delete, "/v1/admin/comments/\(otherId)", token: admin).status == .notFound)
            #expect(try await client.json(.post, "/v1/admin/comments/nope/approve", token: admin).status == .notFound)
            let actions = try await app.store.repositories.audit.entries(after: 0, limit: 500).map(\.action)
            #expect(actions.filter { $0 == "comment.create" }.count == 3)
            #expect(actions.filter { $0 == "comment.status" }.count == 3)
            #expect(actions.contains("comment.erase") && actions.contains("comment.list"))
        }
    }

    @Test func moderationNeedsTheAdminScope() async throws {
        let app = try Self.app()
        let collector = try await app.apiKey([.collect])
        try await app.test { (client) async throws in
            #expect(try await client.json(.get, "/v1/admin/comments").status == .unauthorized)
            #expect(try await client.json(.get, "/v1/admin/comments", token: collector).status == .forbidden)
            #expect(try await client.json(.post, "/v1/admin/comments/x/approve", token: collector).status == .forbidden)
            #expect(try await client.json(.delete, "/v1/admin/comments/x").status == .unauthorized)
        }
    }

    @Test func everyBadFieldIsNamedIn422() async throws {
        try await Self.app().test { client in
            let empty = try await client.json(.post, "/v1/comments", "{}")
            #expect(empty.status == .unprocessableContent)
            let fields = try JSONDecoder().decode(ErrorBody.self, from: Data(empty.raw.utf8)).error.fields ?? []
            #expect(Set(fields.map(\.field)) == ["body", "name", "email"], "\(empty.raw)")
            #expect(fields.allSatisfy { $0.code == "required" })

            let bad = try await client.json(.post, "/v1/comments", #"{"name":"Grace\r\nBcc: x@example.org","email":"grace@example.net\r\nBcc: y@example.org","body":"Hi","website":"ftp://files.example.net/","page":"//evil.example"}"#)
            let named = try JSONDecoder().decode(ErrorBody.self, from: Data(bad.raw.utf8)).error.fields ?? []
            #expect(Dictionary(named.map { ($0.field, $0.code) }) { a, _ in a } == [
                "name": "invalid_character", "email": "invalid_character", "website": "invalid_scheme", "page": "invalid_page",
            ], "\(bad.raw)")
            #expect(!bad.raw.contains("grace@example.net"), "the error body does not repeat the address")

            let long = try await client.json(.post, "/v1/comments", Self.comment(body: String(repeating: "a", count: 5_001)))
            #expect(long.status == .unprocessableContent && long.raw.contains("too_long"))
            let invalid = try await client.json(.post, "/v1/comments", Self.comment(email: "not-an-address"))
            #expect(invalid.raw.contains("invalid_format"))
            let form = try await client.execute(
                uri: "/v1/comments", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "name=x")
            ) { $0.status }
            #expect(form == .unsupportedMediaType)
            #expect(try await client.json(.get, "/v1/comments").status == .unprocessableContent)
            #expect(try await client.json(.get, "/v1/comments?page=/privacy&cursor=nonsense").status == .unprocessableContent)
        }
    }

    @Test func aFlaggedLinkMakesTheCommentSpamWhateverTheAddress() async throws {
        let app = try Self.app()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            // An address with an approved comment …
            let first = try await client.json(.post, "/v1/comments", Self.comment())
            _ = try await client.json(.post, "/v1/admin/comments/\(try #require(first.body["id"] as? String))/approve", token: admin)
            // … still cannot publish a look-alike link, in the body or as the website.
            let flagged = [
                #"{"name":"Grace","email":"grace@example.net","body":"Log in at https://www.pаypal.com/signin"}"#,
                #"{"name":"Grace","email":"grace@example.net","body":"Hello","website":"https://www.pаypal.com/"}"#,
            ]
            for body in flagged {
                let held = try await client.json(.post, "/v1/comments", body)
                #expect(held.status == .created, "\(held.raw)")
                // Told "pending" like any held comment: screening tells a spammer nothing.
                #expect(held.body["status"] as? String == "pending")
            }
            let spam = try await client.json(.get, "/v1/admin/comments?status=spam", token: admin)
            #expect((spam.body["items"] as? [Any])?.count == 2, "\(spam.raw)")
            let sightings = try await app.store.repositories.urlSightings.sightings(context: "comment", item: try #require((spam.body["items"] as? [[String: Any]])?.first?["id"] as? String))
            #expect(!sightings.isEmpty)
            #expect((try await client.json(.get, "/v1/comments?page=/privacy").body["items"] as? [Any])?.count == 1)
        }
    }

    @Test func postingIsLimitedPerNetworkAndPerAddress() async throws {
        try await Self.app().test { client in
            for index in 0..<5 {
                #expect(try await client.json(.post, "/v1/comments", Self.comment(body: "Comment \(index)")).status == .created)
            }
            let perAddress = try await client.json(.post, "/v1/comments", Self.comment(body: "One too many"))
            #expect(perAddress.status == .tooManyRequests)
            #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(perAddress.raw.utf8)).error.code == "too_many_requests")
            // The refused attempt counted against the network too (an attempt is an attempt): four more fit.
            for index in 0..<4 {
                #expect(try await client.json(.post, "/v1/comments", Self.comment(email: "r\(index)@example.net")).status == .created)
            }
            // Eleven from the network in the hour: the next is refused whatever the address.
            let perNetwork = try await client.execute(
                uri: "/v1/comments", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: Self.comment(email: "new@example.net"))
            ) { ($0.status, $0.headers[.retryAfter]) }
            #expect(perNetwork.0 == .tooManyRequests && perNetwork.1 != nil)
        }
    }

    @Test func aSignedInCommentIsLinkedExportedAndErasedWithThePerson() async throws {
        let app = try Self.app()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let (person, token) = try await client.registerAndSignIn()
            let linked = try await client.json(.post, "/v1/comments", Self.comment("Ada", email: "ada@example.org"), token: token)
            #expect(linked.status == .created, "\(linked.raw)")
            // Signed out, with the same address: found through the blind index at erasure.
            let signedOut = try await client.json(.post, "/v1/comments", Self.comment("Ada L.", email: "ADA@example.org", body: "From my phone."))
            _ = try await client.json(.post, "/v1/comments", Self.comment("Someone", email: "someone@example.net"))

            let exported = try await client.json(.get, "/v1/people/me/export", token: token)
            let rows = (exported.body["tables"] as? [String: [[String: Any]]])?["comments"] ?? []
            #expect(rows.count == 1 && rows[0]["body"] as? String == "Clear and short." && rows[0]["author_email"] as? String == "ada@example.org")
            #expect((rows.first?["email_digest"] as? [String: String])?["withheld"] != nil)
            #expect(try await client.json(.get, "/v1/admin/comments?status=all", token: admin).raw.contains("\"personId\":\"\(person)\""))

            #expect(try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token).status == .noContent)
            let left = try await client.json(.get, "/v1/admin/comments?status=all", token: admin)
            let names = (left.body["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names == ["Someone"], "\(left.raw)")
            #expect(!left.raw.contains(try #require(signedOut.body["id"] as? String)))
        }
    }
}
