import CustodianCore
import CustodianStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

/// `GET /v1/people/me/export`: every record of the person from every table, sealed values
/// opened, secrets withheld, out-of-scope records marked — through the real router.
@Suite("Access export")
struct ExportEndToEndTests {
    static func collect(_ client: any TestClientProtocol, _ body: String, key: String) async throws -> HTTPResponse.Status {
        try await client.execute(
            uri: "/v1/collect", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer \(key)"],
            body: ByteBuffer(string: body)
        ) { $0.status }
    }

    @Test func theExportHoldsEveryRowOfThePersonInEveryTable() async throws {
        let app = try TestApp.partners()
        let service = try await app.apiKey([.people])
        let collector = try await app.apiKey([.collect])
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let (person, token) = try await client.registerAndSignIn()
            // Someone tries the same email again: a notice waits in the outbox for the person.
            _ = try await client.json(.post, "/v1/people", #"{"name":"Someone","email":"ada@example.org","password":"another good password"}"#)
            #expect(try await client.json(.put, "/v1/people/me/consents/marketing.communications.email", #"{"state":"denied"}"#, token: token).status == .ok)
            let identify = #"{"type":"identify","messageId":"x-id","anonymousId":"anon-ada","userId":"\#(person)","context":{"ip":"192.0.2.5"}}"#
            #expect(try await Self.collect(client, identify, key: collector) == .accepted)
            let page = #"{"type":"page","messageId":"x-page","anonymousId":"anon-ada","context":{"ip":"192.0.2.5","page":{"url":"https://shop.example/tea"}}}"#
            #expect(try await Self.collect(client, page, key: collector) == .accepted)
            #expect(try await client.json(.post, "/v1/contact", #"{"subject":"My order","body":"Where is my tea?","topic":"other"}"#, token: token).status == .created)
            #expect(try await client.json(.post, "/v1/comments", #"{"name":"Ada","email":"ada@example.org","body":"Nice tea."}"#, token: token).status == .created)
            #expect(try await client.json(
                .post, "/v1/out-of-scope", #"{"exclusion":"search_keywords","person":"\#(person)","fields":{"query":"earl grey"}}"#,
                token: service).status == .created)

            let exported = try await client.json(.get, "/v1/people/me/export", token: token)
            #expect(exported.status == .ok, "\(exported.raw)")
            #expect(exported.body["format"] as? String == "custodian-export/1")
            #expect(exported.body["person"] as? String == person)
            let tables = try #require(exported.body["tables"] as? [String: [[String: Any]]])

            // Enumerate the schema: every table that refers to the person and holds rows about
            // them is in the export with exactly those rows.
            let database = app.store.repositories.database
            let counts = try await database.read { db -> [String: Int] in
                var counts: [String: Int] = [:]
                for table in try await PersonExporter.personTables(in: db, dialect: database.dialect) {
                    counts[table] = Int(try await db.query(SQL("SELECT COUNT(*) AS n FROM \(table) WHERE person_id = ?", [.text(person)]))[0].int("n"))
                }
                return counts
            }
            for (table, count) in counts where count > 0 {
                #expect(tables[table]?.count == count, "\(table): \(count) rows, \(tables[table]?.count ?? 0) exported")
            }
            #expect(tables["people"]?.count == 1 && tables["people"]?.first?["id"] as? String == person)
            let expected = [
                "person_attributes", "person_keys", "person_lookup", "credentials", "sessions", "sign_in_events",
                "consent_ledger", "policy_acceptances", "identity_links", "events", "contact_messages", "outbox", "out_of_scope_records", "comments",
            ]
            for table in expected { #expect(counts[table, default: 0] > 0, "the seeding reaches \(table)") }
            #expect(tables["audit_log"]?.isEmpty == false, "the audit entries about the person")

            // Sealed values are opened; secrets and digests are withheld, saying so.
            let attributes = tables["person_attributes"] ?? []
            let values = Set(attributes.compactMap { $0["value"] as? String })
            #expect(values.isSuperset(of: ["Ada Lovelace", "ada@example.org", "1990-12-10"]), "\(values)")
            #expect((tables["credentials"]?.first?["password_hash"] as? [String: String])?["withheld"] != nil)
            #expect((tables["sessions"]?.first?["token_hash"] as? [String: String])?["withheld"] != nil)
            #expect(tables["contact_messages"]?.first?["body"] as? String == "Where is my tea?")
            #expect(tables["events"]?.contains { $0["ip_sealed"] as? String == "192.0.2.5" } == true)
            #expect(!exported.raw.contains("does not open"), "every sealed value opened")

            // Out-of-scope records: a section of their own, marked as outside the policy.
            let outside = try #require(exported.body["outOfScope"] as? [String: Any])
            let records = outside["records"] as? [[String: Any]] ?? []
            #expect(records.count == 1 && records[0]["outsidePolicy"] as? Bool == true)
            #expect((records[0]["fields"] as? [String: String])?["query"] == "earl grey")

            // The readable page says the same; staff can export for a request made another way.
            let html = try await client.execute(uri: "/v1/people/me/export", method: .get, headers: [.accept: "text/html", .authorization: "Bearer \(token)"]) { response in
                (response.status, response.headers[.contentType] ?? "", String(buffer: response.body))
            }
            #expect(html.0 == .ok && html.1.hasPrefix("text/html"))
            #expect(html.2.contains("Everything we hold about you") && html.2.contains("Where is my tea?") && !html.2.contains("<script"))
            let staff = try await client.json(.get, "/v1/admin/people/\(person)/export", token: admin)
            #expect(staff.status == .ok && (staff.body["tables"] as? [String: Any])?["people"] != nil)
            #expect(try await client.json(.get, "/v1/admin/people/nobody/export", token: admin).status == .notFound)
            #expect(try await client.json(.get, "/v1/admin/people/\(person)/export", token: service).status == .forbidden)
            #expect(try await client.json(.get, "/v1/people/me/export").status == .unauthorized)
            #expect(try await client.json(.get, "/v1/people/me/export?format=xml", token: token).status == .unprocessableContent)

            // Every export is audited.
            let audited = try await app.store.repositories.database.read { db in
                try await db.query(SQL("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'person.export' AND subject = ?", [.text(person)]))[0].int("n")
            }
            #expect(audited == 3)
        }
    }

    /// After erasure, nothing readable is left of the person anywhere in the database files: every
    /// value was sealed under their key (now destroyed), rows are gone, and SQLite overwrites the
    /// pages it frees (`secure_delete`), so not even freed pages keep an old copy.
    @Test func afterErasureTheRawDatabaseHoldsNoReadableNameEmailOrPhone() async throws {
        let app = try TestApp()
        let collector = try await app.apiKey([.collect])
        let service = try await app.apiKey([.people])
        try await app.test(keepData: true) { client in
            let (person, token) = try await client.registerAndSignIn()
            #expect(try await client.json(.put, "/v1/people/me/consents/marketing.communications.email", #"{"state":"denied"}"#, token: token).status == .ok)
            let identify = #"{"type":"identify","messageId":"e-id","anonymousId":"anon-ada","userId":"\#(person)","traits":{"email":"ada@example.org"},"context":{"ip":"192.0.2.5"}}"#
            #expect(try await Self.collect(client, identify, key: collector) == .accepted)
            let page = #"{"type":"page","messageId":"e-page","anonymousId":"anon-ada","context":{"ip":"192.0.2.5","page":{"url":"https://shop.example/tea","title":"Tea for Ada Lovelace"}}}"#
            #expect(try await Self.collect(client, page, key: collector) == .accepted)
            #expect(try await client.json(.post, "/v1/contact", #"{"subject":"About Ada Lovelace","body":"Write to ada@example.org or +44 20 7946 0958","topic":"privacy"}"#, token: token).status == .created)
            #expect(try await client.json(
                .post, "/v1/out-of-scope", #"{"exclusion":"search_keywords","person":"\#(person)","fields":{"query":"ada@example.org"}}"#,
                token: service).status == .created)
            #expect(try await client.json(.get, "/v1/people/me/export", token: token).status == .ok)
            let erased = try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token)
            #expect(erased.status == .noContent, "\(erased.raw)")
        }
        defer { try? FileManager.default.removeItem(atPath: app.directory) }
        try await app.store.database.close()
        var bytes: [UInt8] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: app.directory) where name.hasPrefix("custodian.sqlite") {
            bytes += Array(try Data(contentsOf: URL(fileURLWithPath: app.directory).appendingPathComponent(name)))
        }
        #expect(bytes.count > 10_000, "the database files were read")
        let haystack = String(decoding: bytes.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).lowercased()
        for secret in ["Ada Lovelace", "ada@example.org", "+442079460958", "7946 0958", "1990-12-10"] {
            #expect(!haystack.contains(secret.lowercased()), "readable after erasure: \(secret)")
        }
    }
}
