import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The platform's services and linked ids")
struct ServicesAndLinksTests {
    @Test func servicesAreRegisteredAndTheirKeysTagWhatTheyBring() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let service = try await client.json(.post, "/v1/admin/services", #"{"name":"Shop iOS app","kind":"ios"}"#, token: admin)
            #expect(service.status == .created, "\(service.raw)")
            let serviceID = try #require(service.body["id"] as? String)
            #expect(try await client.json(.post, "/v1/admin/services", #"{"name":"Shop iOS app","kind":"ios"}"#, token: admin).status == .unprocessableContent)
            #expect(try await client.json(.post, "/v1/admin/services", #"{"name":"X","kind":"fax"}"#, token: admin).status == .unprocessableContent)
            let key = try await client.json(.post, "/v1/admin/api-keys", #"{"name":"ios","scopes":["people"],"service":"\#(serviceID)"}"#, token: admin)
            #expect(key.body["service"] as? String == serviceID)
            #expect(try await client.json(.post, "/v1/admin/api-keys", #"{"name":"x","scopes":["people"],"service":"nope"}"#, token: admin).status == .unprocessableContent)
            let appKey = try #require(key.body["key"] as? String)
            // A registration sent by the app's backend is tagged with the app.
            let person = try await client.json(.post, "/v1/people", #"{"name":"Ada","email":"ada@example.org","password":"correct horse battery"}"#, token: appKey)
            let id = try #require(person.body["id"] as? String)
            let tagged = try await app.store.database.read { db in
                try await db.query(SQL("SELECT service_id FROM person_attributes WHERE person_id = ?", [.text(id)])).map { try $0.optionalText("service_id") }
            }
            #expect(!tagged.isEmpty && tagged.allSatisfy { $0 == serviceID })
        }
    }

    @Test func idsUsedBeforeSignInAreLinkedAndGoWithTheAccount() async throws {
        let app = try TestApp()
        try await app.test { client in
            _ = try await client.json(.post, "/v1/people", #"{"name":"Ada","email":"ada@example.org","password":"correct horse battery"}"#)
            let session = try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery","anonymousId":"anon-123","deviceId":"device-abc"}"#)
            let person = try #require(session.body["personId"] as? String)
            let token = try #require(session.body["token"] as? String)
            let links = app.store.repositories.links
            #expect(try await links.person(for: .anonymous, value: "anon-123") == person)
            #expect(try await links.person(for: .device, value: "device-abc") == person)
            #expect(try await links.person(for: .device, value: "someone-else") == nil)
            #expect(try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token).status == .noContent)
            #expect(try await links.person(for: .anonymous, value: "anon-123") == nil)
        }
    }
}
