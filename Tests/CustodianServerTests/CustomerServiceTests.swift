import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite("Customer service: contact messages")
struct CustomerServiceTests {
    static let visitor = #"{"name":"Grace Visitor","email":"Grace@Example.net","phone":"+44 20 7946 0958","topic":"privacy","subject":"Access request","body":"Please send me\r\nwhat you hold about me."}"#

    @Test func aSignedInPersonSendsAMessageLearnsWhoHandlesItAndReadsItBack() async throws {
        try await TestApp().test { client in
            let (_, token) = try await client.registerAndSignIn()
            let sent = try await client.json(.post, "/v1/contact", #"{"subject":"  My   email  ","body":"It bounces.","topic":"account"}"#, token: token)
            #expect(sent.status == .created, "\(sent.raw)")
            #expect(sent.body["status"] as? String == "open")
            #expect(sent.body["topic"] as? String == "account")
            let controller = try #require(sent.body["controller"] as? [String: Any])
            #expect(controller["name"] as? String == "the Platform")
            #expect((controller["contactStatement"] as? String)?.contains("contact us") == true)
            let channels = controller["channels"] as? [[String: Any]] ?? []
            #expect(channels.first?["value"] as? String == "/contact")

            let mine = try await client.json(.get, "/v1/people/me/contact", token: token)
            #expect(mine.status == .ok, "\(mine.raw)")
            let items = Reply.items(mine.body)
            #expect(items.count == 1)
            #expect(items.first?["id"] as? String == sent.body["id"] as? String)
            #expect(items.first?["subject"] as? String == "My email")
            #expect(items.first?["body"] as? String == "It bounces.")
            #expect(try await client.json(.get, "/v1/people/me/contact").status == .unauthorized)
        }
    }

    @Test func aVisitorSendsWithNameAndEmailAndTopicDefaultsToOther() async throws {
        try await TestApp().test { client in
            let sent = try await client.json(.post, "/v1/contact", #"{"name":"Grace","email":"grace@example.net","subject":"Hello","body":"A question."}"#)
            #expect(sent.status == .created, "\(sent.raw)")
            #expect(sent.body["topic"] as? String == "other")
            let missing = try await client.json(.post, "/v1/contact", #"{"subject":"Hello","body":"A question."}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(Set(Reply.fields(missing.body)) == ["name:required", "email:required"])
        }
    }

    @Test(arguments: [
        (#"{"body":"b","name":"G","email":"g@example.net"}"#, "subject:required"),
        (#"{"subject":"   ","body":"b","name":"G","email":"g@example.net"}"#, "subject:required"),
        (#"{"subject":"a\u0007b","body":"b","name":"G","email":"g@example.net"}"#, "subject:invalid_character"),
        (#"{"subject":"s","body":"\u0000","name":"G","email":"g@example.net"}"#, "body:invalid_character"),
        (#"{"subject":"s","body":"b","topic":"spam","name":"G","email":"g@example.net"}"#, "topic:invalid_choice"),
        (#"{"subject":"s","body":"b","name":"G","email":"not-an-address"}"#, "email:invalid_format"),
        (#"{"subject":"s","body":"b","name":"G","email":"g@example.net","phone":"+44 12"}"#, "phone:too_short"),
        (#"{"subject":"s","body":"b","name":"\u0007","email":"g@example.net"}"#, "name:invalid_character"),
        (#"{"subject":5,"body":"b","name":"G","email":"g@example.net"}"#, "subject:invalid_type"),
    ])
    func badInputNamesTheField(body: String, expected: String) async throws {
        try await TestApp().test { client in
            let reply = try await client.json(.post, "/v1/contact", body)
            #expect(reply.status == .unprocessableContent, "\(reply.raw)")
            #expect(Reply.fields(reply.body).contains(expected), "\(reply.raw)")
            #expect(Reply.code(reply.body) == "validation_failed")
        }
    }

    @Test func tooLongTextsMalformedBodiesAndWrongMediaTypesAreRefused() async throws {
        try await TestApp().test { client in
            let longBody = String(repeating: "é", count: 10_001)
            let long = try await client.json(.post, "/v1/contact", #"{"subject":"\#(String(repeating: "s", count: 201))","body":"\#(longBody)","name":"G","email":"g@example.net"}"#)
            #expect(Set(Reply.fields(long.body)) == ["subject:too_long", "body:too_long"], "\(long.raw)")
            #expect(try await client.json(.post, "/v1/contact", #"{"subject":"#).status == .badRequest)
            let text = try await client.execute(uri: "/v1/contact", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "hi")) { $0.status }
            #expect(text == .unsupportedMediaType)
        }
    }

    @Test func staffListWithoutContentsReadAuditedAndChangeStatus() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        let decide = try await app.apiKey([.decide])
        try await app.test { client in
            let (person, token) = try await client.registerAndSignIn()
            let fromPerson = try await client.json(.post, "/v1/contact", #"{"subject":"About my account","body":"Hello."}"#, token: token)
            let fromVisitor = try await client.json(.post, "/v1/contact", Self.visitor)
            let personMessage = try #require(fromPerson.body["id"] as? String)
            let visitorMessage = try #require(fromVisitor.body["id"] as? String)

            let list = try await client.admin(.get, "/v1/admin/contact", key: admin)
            #expect(list.status == .ok, "\(list.raw)")
            let listed = Dictionary(uniqueKeysWithValues: Reply.items(list.body).map { ($0["id"] as? String ?? "", $0) })
            #expect(Set(listed.keys) == [visitorMessage, personMessage])
            #expect(listed[visitorMessage]?["from"] as? String == "visitor")
            #expect(listed[personMessage]?["from"] as? String == "person")
            #expect(listed[personMessage]?["personId"] as? String == person)
            #expect(!list.raw.contains("Access request") && !list.raw.contains("Grace"))

            let visitorRead = try await client.admin(.get, "/v1/admin/contact/\(visitorMessage)", key: admin)
            #expect(visitorRead.status == .ok, "\(visitorRead.raw)")
            #expect(visitorRead.body["body"] as? String == "Please send me\nwhat you hold about me.")
            let sender = try #require(visitorRead.body["sender"] as? [String: Any])
            #expect(sender["name"] as? String == "Grace Visitor")
            #expect(sender["email"] as? String == "Grace@example.net")
            #expect(sender["phone"] as? String == "+442079460958")

            let personRead = try await client.admin(.get, "/v1/admin/contact/\(personMessage)", key: admin)
            #expect(personRead.body["subject"] as? String == "About my account")
            let profile = try #require(personRead.body["sender"] as? [String: Any])
            #expect(profile["name"] as? String == "Ada Lovelace")
            #expect(profile["email"] as? String == "ada@example.org")

            let answered = try await client.admin(.patch, "/v1/admin/contact/\(visitorMessage)", #"{"status":"answered"}"#, key: admin)
            #expect(answered.status == .ok, "\(answered.raw)")
            #expect(answered.body["status"] as? String == "answered")
            let filtered = try await client.admin(.get, "/v1/admin/contact?status=answered", key: admin)
            #expect(Reply.items(filtered.body).map { $0["id"] as? String } == [visitorMessage])
            let mine = try await client.json(.get, "/v1/people/me/contact", token: token)
            #expect(Reply.items(mine.body).first?["status"] as? String == "open")

            #expect(Reply.fields(try await client.admin(.patch, "/v1/admin/contact/\(visitorMessage)", #"{"status":"done"}"#, key: admin).body) == ["status:invalid_choice"])
            #expect(Reply.fields(try await client.admin(.patch, "/v1/admin/contact/\(visitorMessage)", #"{}"#, key: admin).body) == ["status:required"])
            #expect(try await client.admin(.patch, "/v1/admin/contact/nope", #"{"status":"closed"}"#, key: admin).status == .notFound)
            #expect(try await client.admin(.get, "/v1/admin/contact/nope", key: admin).status == .notFound)
            #expect(try await client.json(.get, "/v1/admin/contact").status == .unauthorized)
            #expect(try await client.admin(.get, "/v1/admin/contact", key: decide).status == .forbidden)
            #expect(try await client.json(.get, "/v1/admin/contact/\(personMessage)", token: token).status == .unauthorized)

            // Every staff read is in the audit log, with purpose and categories and no contents.
            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 1_000)
            let reads = audit.filter { $0.action == "contact.read" }
            #expect(reads.count == 2)
            #expect(reads.allSatisfy { $0.purpose == "essential.service.operations.support" && $0.actor.hasPrefix("apikey:") })
            #expect(reads.first { $0.subject == person }?.categories.contains("user.content.private") == true)
            #expect(reads.first { $0.subject == "contact:\(visitorMessage)" }?.categories.contains("user.contact.email") == true)
            #expect(audit.contains { $0.action == "contact.status" && $0.details.contains("answered") })
            #expect(!audit.contains { $0.details.contains("Grace") || $0.details.contains("Access request") })
        }
    }

    @Test func staffPageThroughMessagesAndQueryMistakesAreNamed() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            for index in 0..<3 {
                _ = try await client.json(.post, "/v1/contact", #"{"name":"V\#(index)","email":"v\#(index)@example.net","subject":"S\#(index)","body":"B"}"#)
            }
            let first = try await client.admin(.get, "/v1/admin/contact?limit=2", key: admin)
            #expect(Reply.items(first.body).count == 2)
            let next = try #require(first.body["next"] as? String)
            let second = try await client.admin(.get, "/v1/admin/contact?limit=2&cursor=\(next)", key: admin)
            #expect(Reply.items(second.body).count == 1)
            #expect(second.body["next"] == nil)
            let seen = (Reply.items(first.body) + Reply.items(second.body)).compactMap { $0["id"] as? String }
            #expect(Set(seen).count == 3)
            #expect(Reply.fields(try await client.admin(.get, "/v1/admin/contact?cursor=zzz", key: admin).body) == ["cursor:invalid"])
            #expect(Reply.fields(try await client.admin(.get, "/v1/admin/contact?status=lost", key: admin).body) == ["status:invalid_choice"])
            #expect(Reply.fields(try await client.admin(.get, "/v1/admin/contact?topic=lost", key: admin).body) == ["topic:invalid_choice"])
            #expect(Reply.fields(try await client.admin(.get, "/v1/admin/contact?limit=0", key: admin).body) == ["limit:out_of_range"])
        }
    }

    @Test func staffFindAVisitorsMessagesByEmailAndEraseThem() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let sent = try await client.json(.post, "/v1/contact", Self.visitor)
            _ = try await client.json(.post, "/v1/contact", #"{"name":"Other","email":"other@example.net","subject":"S","body":"B"}"#)
            let id = try #require(sent.body["id"] as? String)
            let found = try await client.admin(.post, "/v1/admin/contact/search", #"{"email":"GRACE@example.NET"}"#, key: admin)
            #expect(found.status == .ok, "\(found.raw)")
            #expect(Reply.items(found.body).map { $0["id"] as? String } == [id])
            #expect(Reply.fields(try await client.admin(.post, "/v1/admin/contact/search", #"{"email":"nope"}"#, key: admin).body) == ["email:invalid_format"])
            #expect(Reply.fields(try await client.admin(.post, "/v1/admin/contact/search", #"{}"#, key: admin).body) == ["email:required"])

            #expect(try await client.admin(.delete, "/v1/admin/contact/\(id)", key: admin).status == .noContent)
            #expect(try await client.admin(.delete, "/v1/admin/contact/\(id)", key: admin).status == .notFound)
            #expect(try await client.admin(.get, "/v1/admin/contact/\(id)", key: admin).status == .notFound)
            #expect(Reply.items(try await client.admin(.post, "/v1/admin/contact/search", #"{"email":"grace@example.net"}"#, key: admin).body).isEmpty)
            let keys = try await app.store.database.read { try await $0.query(SQL("SELECT person_id FROM person_keys WHERE person_id = ?", [.text("contact:\(id)")])) }
            #expect(keys.isEmpty, "the message's data key is shredded")
            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 1_000)
            #expect(audit.contains { $0.action == "contact.erase" && $0.subject == "contact:\(id)" })
            #expect(audit.filter { $0.action == "contact.search" }.count == 2)
        }
    }

    @Test func erasingTheAccountErasesThePersonsMessages() async throws {
        let app = try TestApp()
        try await app.test { client in
            let (person, token) = try await client.registerAndSignIn()
            _ = try await client.json(.post, "/v1/contact", #"{"subject":"Bye","body":"Leaving."}"#, token: token)
            _ = try await client.json(.post, "/v1/contact", Self.visitor)
            #expect(try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token).status == .noContent)
            let rows = try await app.store.database.read { db in
                try await db.query(SQL("SELECT person_id FROM contact_messages")).map { try $0.optionalText("person_id") }
            }
            #expect(rows == [nil], "only the visitor's message is left")
            #expect(!rows.contains(person))
        }
    }

    @Test func theRawDatabaseHoldsNoPlaintextMessage() async throws {
        let app = try TestApp()
        try await app.test(keepData: true) { client in
            let (_, token) = try await client.registerAndSignIn()
            _ = try await client.json(.post, "/v1/contact", #"{"subject":"Zebra subject line","body":"Quokka message body"}"#, token: token)
            _ = try await client.json(.post, "/v1/contact", Self.visitor)
        }
        defer { try? FileManager.default.removeItem(atPath: app.directory) }
        try await app.store.database.close()
        let haystack = try Reply.rawDatabase(app.directory)
        for secret in ["Zebra subject", "Quokka message", "Grace Visitor", "Grace@example.net", "grace@example.net", "+442079460958", "Access request", "what you hold"] {
            #expect(!haystack.contains(secret), "plaintext found: \(secret)")
        }
    }

    @Test func visitorsAreLimitedPerNetwork() async throws {
        try await TestApp().test { client in
            for index in 0..<10 {
                let sent = try await client.json(.post, "/v1/contact", #"{"name":"V","email":"v@example.net","subject":"S\#(index)","body":"B"}"#)
                #expect(sent.status == .created)
            }
            let refused = try await client.execute(
                uri: "/v1/contact", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"name":"V","email":"v@example.net","subject":"S","body":"B"}"#)
            ) { response in (response.status, response.headers[.retryAfter], try response.errorBody().error.code) }
            #expect(refused.0 == .tooManyRequests)
            #expect(Int(refused.1 ?? "") ?? 0 > 0)
            #expect(refused.2 == "too_many_requests")
            // A signed-in person is counted on their own.
            let (_, token) = try await client.registerAndSignIn()
            #expect(try await client.json(.post, "/v1/contact", #"{"subject":"S","body":"B"}"#, token: token).status == .created)
        }
    }

    @Test func noPersonalDataReachesTheLogs() async throws {
        let box = MemoryLogHandlerBox()
        let logger = Logger(label: "custodian.tests") { box.handler(label: $0) }
        try await TestApp().test(logger: logger) { client in
            _ = try await client.json(.post, "/v1/contact", Self.visitor)
            _ = try await client.json(.post, "/v1/contact", #"{"name":"Grace Visitor","email":"grace@","subject":"Access request","body":"x"}"#)
        }
        let logs = box.all
        #expect(logs.contains("request completed"))
        for secret in ["Grace Visitor", "Grace@", "grace@", "Access request", "7946"] {
            #expect(!logs.contains(secret), "found in logs: \(secret)")
        }
    }
}
