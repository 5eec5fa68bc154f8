import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

@Suite("Partner registry (admin API)")
struct PartnerAdminTests {
    @Test(arguments: [
        (#"{}"#, ["name:required", "contact:required", "recipient:required"]),
        (#"{"name":"Acme Travel","contact":"nope","recipient":"partners"}"#, ["name:invalid_format", "contact:invalid_format"]),
        (#"{"name":"acme","contact":"p@acme.example","recipient":"friends"}"#, ["recipient:unknown_recipient"]),
        (#"{"name":"acme","contact":"p@acme.example","recipient":"partners","purposes":["essential.service","nope"]}"#,
         ["purposes[0]:not_for_recipient", "purposes[1]:unknown_purpose"]),
        (#"{"name":"acme","contact":"p@acme.example","recipient":"partners","purposes":["third_party_sharing"],"categories":["user.demographic.gender"]}"#,
         ["categories[0]:not_allowed"]),
        (#"{"name":"acme","contact":"p@acme.example","recipient":"partners","sourceCategories":["user.contact.email"]}"#, ["sourceCategories[0]:not_a_source"]),
        (#"{"name":"acme","contact":"p@acme.example","recipient":"partners","webhookUrl":"http://hooks.acme.example/x"}"#, ["webhookUrl:insecure_url"]),
        (#"{"name":"acme","contact":"p@acme.example","recipient":"partners","webhookUrl":"https://u:p@hooks.acme.example/x"}"#, ["webhookUrl:invalid_url"]),
        (#"{"name":"acme","contact":"p@acme.example","recipient":"partners","push":true}"#, ["push:requires_webhook"]),
        (#"{"name":"acme","contact":"p@acme.example","recipient":"partners","purposes":"third_party_sharing"}"#, ["purposes:invalid_type"]),
    ])
    func registrationsAreCheckedAgainstThePolicyFieldByField(body: String, expected: [String]) async throws {
        let app = try TestApp.partners()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let reply = try await client.json(.post, "/v1/admin/partners", body, token: admin)
            #expect(reply.status == .unprocessableContent, "\(reply.raw)")
            #expect(Reply.fields(reply.body) == expected, "\(reply.raw)")
            #expect(try await app.store.repositories.partners.list().isEmpty, "nothing half-written")
        }
    }

    @Test func theSecretIsShownOnceKeysActAsThePartnerAndChangesAreAudited() async throws {
        let app = try TestApp.partners()
        let admin = try await app.apiKey([.admin])
        let unbound = try await app.apiKey([.partner])
        try await app.test { client in
            let partner = try await client.registerPartner(
                admin: admin, name: "acme", purposes: ["third_party_sharing"], sources: ["user.behavior"], webhook: "https://hooks.acme.example/in")
            #expect(partner.secret.hasPrefix("whsec_"))
            let shown = try await client.json(.get, "/v1/admin/partners/\(partner.id)", token: admin)
            #expect(shown.status == .ok && shown.body["webhookSecret"] == nil && !shown.raw.contains(partner.secret))
            #expect(shown.body["categories"] as? [String] == ["user.contact.email", "user.contact.phone_number", "user.name"])
            #expect(shown.body["source"] as? String == "partner:acme")
            let listed = try await client.json(.get, "/v1/admin/partners", token: admin)
            #expect(Reply.items(listed.body).count == 1 && !listed.raw.contains(partner.secret))
            let duplicate = try await client.json(.post, "/v1/admin/partners", #"{"name":"acme","contact":"p@acme.example","recipient":"partners"}"#, token: admin)
            #expect(duplicate.status == .conflict && Reply.code(duplicate.body) == "name_taken")

            // Keys: a partner key works for its partner only; other keys are refused.
            let ref = "pr_AAAAAAAAAAAAAAAAAAAAAA"
            #expect(try await client.json(.get, "/v1/partner/people/\(ref)", token: partner.key).status == .notFound)
            let notPartner = try await client.json(.get, "/v1/partner/people/\(ref)", token: unbound)
            #expect(notPartner.status == .forbidden && Reply.code(notPartner.body) == "not_a_partner")
            #expect(Reply.code(try await client.json(.get, "/v1/partner/people/\(ref)", token: admin).body) == "insufficient_scope")
            #expect(try await client.json(.get, "/v1/partner/people/\(ref)").status == .unauthorized)
            let keys = Reply.items(try await client.json(.get, "/v1/admin/api-keys", token: admin).body)
            #expect(keys.contains { $0["scopes"] as? [String] == ["partner"] && $0["name"] as? String == "acme key" })

            // Rotation shows a new secret once; a change is re-checked as a whole.
            let rotated = try await client.json(.post, "/v1/admin/partners/\(partner.id)/secret", token: admin)
            let secret = try #require(rotated.body["webhookSecret"] as? String)
            #expect(secret != partner.secret)
            let narrowed = try await client.json(.patch, "/v1/admin/partners/\(partner.id)", #"{"categories":["user.contact.email"],"webhookUrl":null}"#, token: admin)
            #expect(narrowed.status == .ok, "\(narrowed.raw)")
            #expect(narrowed.body["categories"] as? [String] == ["user.contact.email"] && narrowed.body["webhookUrl"] == nil)
            let bad = try await client.json(.patch, "/v1/admin/partners/\(partner.id)", #"{"purposes":["collect"],"status":"paused"}"#, token: admin)
            #expect(Reply.fields(bad.body) == ["status:invalid_choice", "purposes[0]:not_for_recipient"])
            let disabled = try await client.json(.patch, "/v1/admin/partners/\(partner.id)", #"{"status":"disabled"}"#, token: admin)
            #expect(disabled.body["status"] as? String == "disabled")
            #expect(Reply.code(try await client.json(.get, "/v1/partner/people/\(ref)", token: partner.key).body) == "partner_disabled")
            #expect(try await client.json(.get, "/v1/admin/partners/nope", token: admin).status == .notFound)
            #expect(try await client.json(.get, "/v1/admin/partners", token: unbound).status == .forbidden)

            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 1_000)
            #expect(audit.filter { $0.action == "partner.update" }.count == 2)
            #expect(audit.contains { $0.action == "apikey.create" && $0.details.contains(partner.id) })
            #expect(!audit.contains { $0.details.contains(partner.secret) || $0.details.contains(secret) })
        }
    }
}
