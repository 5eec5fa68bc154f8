import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

@Suite("Out-of-scope records end to end")
struct OutOfScopeEndToEndTests {
    @Test func searchKeywordsAndTradingRecordsAreListedOutsideThePolicyAndSurviveErasureWithNothingOfThePerson() async throws {
        let app = try TestApp.partners()
        let service = try await app.apiKey([.people])
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let (person, token) = try await client.registerAndSignIn()
            let search = try await client.json(
                .post, "/v1/out-of-scope", #"{"exclusion":"search_keywords","person":"\#(person)","fields":{"query":"Ada Lovelace first computer program"}}"#,
                token: service)
            #expect(search.status == .created, "\(search.raw)")
            let trade = try await client.json(
                .post, "/v1/out-of-scope",
                #"{"exclusion":"trading_records","person":"\#(person)","occurredAt":"2026-03-01T10:00:00Z","fields":{"type":"evaluation","rating":5,"reference":"order-77","comment":"Great seller, thanks from Ada at ada@example.org"}}"#,
                token: service)
            #expect(trade.status == .created, "\(trade.raw)")

            // The person's own view — the section of their access export — marks them.
            let mine = try await client.json(.get, "/v1/people/me/out-of-scope", token: token)
            #expect(mine.status == .ok, "\(mine.raw)")
            #expect((mine.body["note"] as? String)?.contains("does not apply") == true)
            let records = mine.body["records"] as? [[String: Any]] ?? []
            #expect(records.map { $0["exclusion"] as? String } == ["trading_records", "search_keywords"])
            #expect(records.allSatisfy { $0["outsidePolicy"] as? Bool == true && $0["keptOnErasure"] as? Bool == true })
            #expect((records.last?["clause"] as? String)?.contains("search service provided by the Platform") == true)
            #expect((records.last?["fields"] as? [String: String])?["query"] == "Ada Lovelace first computer program")
            #expect(records.allSatisfy { $0["person"] == nil && $0["source"] == nil })

            // The public data map says the same, with what erasure does.
            let map = try await client.json(.get, "/privacy/data-map.json")
            let outside = map.body["outOfScope"] as? [[String: Any]] ?? []
            #expect(outside.count == 4 && outside.allSatisfy { $0["outsidePolicy"] as? Bool == true && $0["onErasure"] as? String == "keep" })
            #expect((outside.first { $0["key"] as? String == "business_registration" }?["fields"] as? [[String: Any]])?
                .contains { $0["name"] as? String == "operatorName" && $0["identifying"] as? Bool == true } == true)
            #expect((map.body["categories"] as? [[String: Any]])?.allSatisfy { $0["inScope"] as? Bool == true } == true)
            let partners = (map.body["recipients"] as? [[String: Any]])?.first { $0["key"] as? String == "partners" }
            #expect(partners?["receives"] as? [String] == ["user.name", "user.contact.email", "user.contact.phone_number"])

            // Erasure keeps them, detached and stripped of what identified Ada.
            let erased = try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token)
            #expect(erased.status == .noContent)
            let kept = Reply.items(try await client.json(.get, "/v1/admin/out-of-scope", token: admin).body)
            #expect(kept.count == 2)
            #expect(kept.allSatisfy { $0["person"] == nil && $0["detachedAt"] != nil })
            let query = (kept.first { $0["exclusion"] as? String == "search_keywords" }?["fields"] as? [String: String])?["query"]
            #expect(query == "[removed] first computer program")
            let tradeFields = kept.first { $0["exclusion"] as? String == "trading_records" }?["fields"] as? [String: String]
            #expect(tradeFields == ["type": "evaluation", "rating": "5", "reference": "order-77"])

            // And the raw database files hold none of her email, phone or name.
            let raw = try Reply.rawDatabase(app.directory)
            for secret in ["ada@example.org", "Ada Lovelace", "Lovelace", "+442079460958", "7946 0958", "1990-12-10"] {
                #expect(!raw.contains(secret), "\(secret) survives on disk")
            }
        }
    }

    @Test(arguments: [
        (#"{}"#, ["exclusion:required"]),
        (#"{"exclusion":"gossip","fields":{}}"#, ["exclusion:unknown_exclusion"]),
        (#"{"exclusion":"search_keywords","fields":{}}"#, ["fields.query:required"]),
        (#"{"exclusion":"search_keywords","occurredAt":"yesterday","fields":{"query":"x","colour":"red"}}"#,
         ["occurredAt:invalid_date", "fields.colour:unknown_field"]),
        (#"{"exclusion":"trading_records","fields":{"type":"gift","rating":"5","amount":"1,50"}}"#,
         ["fields.type:invalid_choice", "fields.amount:invalid_amount", "fields.rating:invalid_type"]),
        (#"{"exclusion":"search_keywords","person":"nobody","fields":{"query":"x"}}"#, ["person:unknown_person"]),
    ])
    func badRecordsAreRefusedByField(body: String, expected: [String]) async throws {
        let app = try TestApp.partners()
        let service = try await app.apiKey([.people])
        try await app.test { client in
            let reply = try await client.json(.post, "/v1/out-of-scope", body, token: service)
            #expect(reply.status == .unprocessableContent, "\(reply.raw)")
            #expect(Set(Reply.fields(reply.body)) == Set(expected), "\(reply.raw)")
            #expect(try await app.store.repositories.outOfScope.list().isEmpty)
        }
    }

    @Test func staffEraseOneRecordAndOnlyServicesMayStoreThem() async throws {
        let app = try TestApp.partners()
        let service = try await app.apiKey([.people])
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let created = try await client.json(.post, "/v1/out-of-scope", #"{"exclusion":"business_registration","fields":{"companyName":"Engines Ltd"}}"#, token: service)
            let id = try #require(created.body["id"] as? String)
            #expect(try await client.json(.post, "/v1/out-of-scope", #"{"exclusion":"search_keywords","fields":{"query":"x"}}"#, token: admin).status == .forbidden)
            #expect(try await client.json(.get, "/v1/admin/out-of-scope/\(id)", token: admin).body["fields"] as? [String: String] == ["companyName": "Engines Ltd"])
            #expect(try await client.json(.delete, "/v1/admin/out-of-scope/\(id)", token: admin).status == .noContent)
            #expect(try await client.json(.delete, "/v1/admin/out-of-scope/\(id)", token: admin).status == .notFound)
            #expect(try await client.json(.get, "/v1/admin/out-of-scope?kind=nope", token: admin).status == .unprocessableContent)
        }
    }
}
