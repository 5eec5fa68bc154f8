import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

/// `GET /v1/people/{id}/profile`: each service's slice, and the combined view only with the opt-in.
@Suite("Cross-service profile")
struct ProfileEndToEndTests {
    @Test func combiningServicesNeedsTheOptInAndEachServiceOtherwiseSeesItsOwnSlice() async throws {
        let app = try TestApp()
        try await app.test { client in
            let world = try await RecommendationFixture.make(app)
            try await world.catalogue(client)
            // Registered through the app; reads football on the web and cooking in the app.
            let person = try await world.register(client, "Ada", key: world.appKey)
            try await world.browse(client, person, ["f0", "f1"], key: world.webKey)
            try await world.browse(client, person, ["c0", "c1", "c2"], start: 7_200_000, key: world.appKey)
            let path = "/v1/people/\(person)/profile"

            // The website's own slice: none of what the person gave the app, only the web's activity.
            let slice = try await client.json(.get, path, token: world.webKey)
            #expect(slice.status == .ok, "\(slice.raw)")
            #expect(slice.body["combined"] as? Bool == false)
            #expect(slice.body["reason"] as? String == "not_requested")
            #expect((slice.body["attributes"] as? [[String: Any]])?.isEmpty == true)
            #expect(slice.body["services"] as? [String] == [world.web.id])
            let webActivity = try #require(slice.body["activity"] as? [String: Any])
            #expect(webActivity["views"] as? Int == 2)
            #expect(((webActivity["recentItems"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } == ["f1", "f0"])
            #expect(((webActivity["topTags"] as? [[String: Any]]) ?? []).first?["tag"] as? String == "football")

            // Asking to combine without the person's opt-in: refused, the slice is served, and it says why.
            let refused = try await client.json(.get, path + "?combined=true", token: world.webKey)
            #expect(refused.body["combined"] as? Bool == false)
            #expect(refused.body["reason"] as? String == "consent_missing")
            #expect((refused.body["activity"] as? [String: Any])?["views"] as? Int == 2)

            // The app's own slice has what the person gave it, contact details included.
            let appSlice = try await client.json(.get, path, token: world.appKey)
            let appFields = Set(((appSlice.body["attributes"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(appFields == ["name", "email", "gender", "birthDate"])
            #expect((appSlice.body["activity"] as? [String: Any])?["views"] as? Int == 3)

            // With the opt-in, the website sees both services, as far as combining may read: no email.
            let grant = try await client.json(
                .put, "/v1/people/\(person)/consents/personalize.content.profiling", #"{"state":"granted","source":"explicit"}"#, token: world.consentKey)
            #expect(grant.status == .ok)
            let combined = try await client.json(.get, path + "?combined=true", token: world.webKey)
            #expect(combined.body["combined"] as? Bool == true, "\(combined.raw)")
            #expect(combined.body["reason"] as? String == "consent_granted")
            let fields = Set(((combined.body["attributes"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["name", "gender", "birthDate"])
            let all = try #require(combined.body["activity"] as? [String: Any])
            #expect(all["views"] as? Int == 5)
            #expect(Set(((all["byService"] as? [[String: Any]]) ?? []).compactMap { $0["service"] as? String }) == [world.web.id, world.appService.id])
            #expect(Set(combined.body["services"] as? [String] ?? []) == [world.web.id, world.appService.id])

            // Every read is audited, and the refused combination as a denial.
            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 10_000)
            let reads = audit.filter { $0.action == "profile.read" && $0.subject == person }
            #expect(reads.count == 4)
            #expect(reads.last?.details.contains(#""combined":"true""#) == true)
            #expect(reads.last?.purpose?.contains("personalize.content.profiling") == true)
            #expect(audit.contains { $0.action == "gate.deny" && $0.purpose == "personalize.content.profiling" && $0.subject == person })

            // Withdrawn: the next request is a slice again.
            _ = try await client.json(
                .put, "/v1/people/\(person)/consents/personalize.content.profiling", #"{"state":"denied","source":"explicit"}"#, token: world.consentKey)
            let withdrawn = try await client.json(.get, path + "?combined=true", token: world.webKey)
            #expect(withdrawn.body["combined"] as? Bool == false)
            #expect(withdrawn.body["reason"] as? String == "consent_denied")
        }
    }

    @Test func aProfileIsForAServicesKeyAndAKnownPerson() async throws {
        let app = try TestApp()
        try await app.test { client in
            let world = try await RecommendationFixture.make(app)
            let person = try await world.register(client, "Ada")
            let serviceless = try await app.apiKey([.people])
            let refused = try await client.json(.get, "/v1/people/\(person)/profile", token: serviceless)
            #expect(refused.status == .forbidden && refused.raw.contains("service_key_required"))
            #expect(try await client.json(.get, "/v1/people/\(person)/profile?combined=maybe", token: world.webKey).status == .unprocessableContent)
            #expect(try await client.json(.get, "/v1/people/nobody/profile", token: world.webKey).status == .notFound)
            #expect(try await client.json(.get, "/v1/people/\(person)/profile", token: world.consentKey).status == .forbidden)
        }
    }
}
