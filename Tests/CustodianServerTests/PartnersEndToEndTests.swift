import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import CustodianServer

@Suite("Partners end to end")
struct PartnersEndToEndTests {
    @Test func withoutThePurposeAPartnerIsRefusedWithItDataFlowsUntilWithdrawalAndErasureIsPropagatedSigned() async throws {
        let receiver = WebhookReceiver()
        try await receiver.application.test(.live) { hooks in
            let url = "http://127.0.0.1:\(try #require(hooks.port))/hooks"
            let app = try TestApp.partners()
            let admin = try await app.apiKey([.admin])
            try await app.test { client in
                // Registration is checked against the policy's recipients and purposes.
                let wrong = try await client.json(
                    .post, "/v1/admin/partners",
                    #"{"name":"wrong","contact":"p@wrong.example","recipient":"partners","purposes":["marketing.communications.email"]}"#, token: admin)
                #expect(wrong.status == .unprocessableContent)
                #expect(Reply.fields(wrong.body) == ["purposes[0]:not_for_recipient"])
                let acme = try await client.registerPartner(admin: admin, name: "acme", purposes: ["third_party_sharing"], webhook: url, push: true)
                let bystander = try await client.registerPartner(admin: admin, name: "bystander", sources: ["user.behavior", "user.name"])

                let (person, token) = try await client.registerAndSignIn()
                #expect(try await client.json(.put, "/v1/people/me/consents/third_party_sharing", #"{"state":"granted"}"#, token: token).status == .ok)

                // Push: the share arrives signed, with exactly the categories sharing allows.
                let pushed = try #require(await receiver.accepted("person.shared"))
                #expect(WebhookReceiver.verify(pushed, secret: acme.secret))
                #expect(!WebhookReceiver.verify(pushed, secret: bystander.secret))
                let ref = try #require(pushed.data["ref"] as? String)
                let attributes = pushed.data["attributes"] as? [String: String]
                #expect(attributes == ["user.name": "Ada Lovelace", "user.contact.email": "ada@example.org", "user.contact.phone_number": "+442079460958"])
                #expect(pushed.json["partner"] as? String == "acme" && pushed.json["type"] as? String == "person.shared")
                #expect(!pushed.text.contains(person), "the person's id never leaves")

                // Pull: the same data by reference, logged.
                let pulled = try await client.json(.get, "/v1/partner/people/\(ref)", token: acme.key)
                #expect(pulled.status == .ok, "\(pulled.raw) ref=\(ref)")
                #expect((pulled.body["attributes"] as? [String: String])?["user.name"] == "Ada Lovelace")
                #expect(pulled.body["categories"] as? [String] == ["user.contact.email", "user.contact.phone_number", "user.name"])
                #expect(try await eventually {
                    Reply.items(try await client.json(.get, "/v1/people/me/shares", token: token).body).count == 2
                })
                let shares = Reply.items(try await client.json(.get, "/v1/people/me/shares", token: token).body)
                #expect(Set(shares.map { $0["channel"] as? String ?? "" }) == ["push", "pull"])
                #expect(shares.allSatisfy { $0["partner"] as? String == "acme" && $0["purpose"] as? String == "third_party_sharing" })
                #expect(shares.first?["partnerContact"] as? String == "privacy@acme.example")
                #expect(!shares.contains { $0["value"] != nil || $0["attributes"] != nil }, "the log names categories, never values")

                // A partner registered for no purpose that discloses to it is refused, with the reason.
                #expect(try await client.json(.put, "/v1/people/me/consents/personalize.content.profiling", #"{"state":"granted"}"#, token: token).status == .ok)
                let sent = try await client.json(
                    .post, "/v1/partner/records",
                    #"{"person":{"email":"Ada@Example.org"},"attributes":[{"category":"user.behavior","field":"tier","value":"gold"}]}"#,
                    token: bystander.key)
                #expect(sent.status == .created, "\(sent.raw)")
                let otherRef = try #require(sent.body["ref"] as? String)
                #expect(otherRef != ref, "each partner knows the person by its own reference")
                let refused = try await client.json(.get, "/v1/partner/people/\(otherRef)", token: bystander.key)
                #expect(refused.status == .forbidden)
                #expect(Reply.code(refused.body) == "purpose_not_registered")
                #expect(try await client.json(.get, "/v1/partner/people/\(ref)", token: bystander.key).status == .notFound)

                // Withdrawal: the next request is refused, and the partner is told, signed.
                #expect(try await client.json(.put, "/v1/people/me/consents/third_party_sharing", #"{"state":"denied"}"#, token: token).status == .ok)
                let after = try await client.json(.get, "/v1/partner/people/\(ref)", token: acme.key)
                #expect(after.status == .forbidden)
                #expect(Reply.code(after.body) == "purpose_denied")
                #expect((after.body["error"] as? [String: Any])?["message"] as? String ?? "" ~= "consent_denied")
                let withdrawn = try #require(await receiver.accepted("consent.withdrawn"))
                #expect(WebhookReceiver.verify(withdrawn, secret: acme.secret))
                #expect(withdrawn.data["ref"] as? String == ref && withdrawn.data["purpose"] as? String == "third_party_sharing")

                // Erasure: the notice still goes out after the data is shredded, with the reference alone.
                let erased = try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token)
                #expect(erased.status == .noContent, "\(erased.raw)")
                let notice = try #require(await receiver.accepted("person.erased"))
                #expect(WebhookReceiver.verify(notice, secret: acme.secret))
                #expect(notice.data.keys.sorted() == ["ref"] && notice.data["ref"] as? String == ref)
                for secret in ["Ada", "ada@example.org", "7946", person] { #expect(!notice.text.contains(secret)) }
                #expect(receiver.deliveries.filter { $0.type == "person.erased" }.count == 1, "only the partner that received data is told")
                let gone = try await client.json(.get, "/v1/partner/people/\(ref)", token: acme.key)
                #expect(gone.status == .notFound && Reply.code(gone.body) == "person_not_found")

                // The receiver answers before the worker records the outcome: wait for the record.
                #expect(try await eventually {
                    let deliveries = Reply.items(try await client.json(.get, "/v1/admin/webhooks?partner=\(acme.id)", token: admin).body)
                    return Set(deliveries.map { $0["type"] as? String ?? "" }) == ["person.shared", "consent.withdrawn", "person.erased"]
                        && deliveries.allSatisfy { $0["status"] as? String == "delivered" }
                })
            }
        }
    }

    @Test func inboundRecordsNeedASourceAndABasisAndDoNotRevealWhoExists() async throws {
        let app = try TestApp.partners()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let partner = try await client.registerPartner(admin: admin, name: "shop", sources: ["user.behavior", "user.name"])
            let record = { (person: String, category: String) in
                #"{"person":\#(person),"attributes":[{"category":"\#(category)","field":"tier","value":"gold"}]}"#
            }
            // Not a source of this category: refused before anyone is looked up.
            let gender = try await client.json(.post, "/v1/partner/records", record(#"{"email":"nobody@example.org"}"#, "user.demographic.gender"), token: partner.key)
            #expect(gender.status == .forbidden && Reply.code(gender.body) == "source_not_allowed", "\(gender.raw)")

            let nobody = try await client.json(.post, "/v1/partner/records", record(#"{"email":"nobody@example.org"}"#, "user.behavior"), token: partner.key)
            #expect(nobody.status == .notFound)
            let (_, token) = try await client.registerAndSignIn()
            // Ada exists, but has not opted in and the partner holds no reference: the same answer.
            let hidden = try await client.json(.post, "/v1/partner/records", record(#"{"email":"ada@example.org"}"#, "user.behavior"), token: partner.key)
            #expect(hidden.status == .notFound)
            #expect(client.errorWithoutRequestId(hidden.raw) == client.errorWithoutRequestId(nobody.raw))
            let byPhone = try await client.json(.post, "/v1/partner/records", record(#"{"phone":"+44 20 7946 0958"}"#, "user.behavior"), token: partner.key)
            #expect(client.errorWithoutRequestId(byPhone.raw) == client.errorWithoutRequestId(nobody.raw))
            let unknownRef = try await client.json(.post, "/v1/partner/records", record(#"{"ref":"pr_AAAAAAAAAAAAAAAAAAAAAA"}"#, "user.behavior"), token: partner.key)
            #expect(client.errorWithoutRequestId(unknownRef.raw) == client.errorWithoutRequestId(nobody.raw))

            // With the opt-in the policy names, the record is accepted and kept under its source.
            #expect(try await client.json(.put, "/v1/people/me/consents/personalize.content.profiling", #"{"state":"granted"}"#, token: token).status == .ok)
            let accepted = try await client.json(.post, "/v1/partner/records", record(#"{"phone":"+442079460958"}"#, "user.behavior"), token: partner.key)
            #expect(accepted.status == .created, "\(accepted.raw)")
            let ref = try #require(accepted.body["ref"] as? String)
            #expect(accepted.body["source"] as? String == "partner:shop")
            #expect((accepted.body["accepted"] as? [[String: Any]])?.first?["basis"] as? String == "consent")
            let received = Reply.items(try await client.json(.get, "/v1/people/me/received", token: token).body)
            #expect(received.count == 1)
            #expect(received.first?["source"] as? String == "partner:shop" && received.first?["value"] as? String == "gold")
            #expect(received.first?["field"] as? String == "tier" && received.first?["category"] as? String == "user.behavior")
            let profile = try await client.json(.get, "/v1/people/me", token: token)
            #expect(profile.body["name"] as? String == "Ada Lovelace", "the partner's data never replaces the person's own")

            // Now that it holds a reference, the partner may hear why a record is refused.
            #expect(try await client.json(.put, "/v1/people/me/consents/personalize.content.profiling", #"{"state":"denied"}"#, token: token).status == .ok)
            let denied = try await client.json(.post, "/v1/partner/records", record(#"{"ref":"\#(ref)"}"#, "user.behavior"), token: partner.key)
            #expect(denied.status == .forbidden && Reply.code(denied.body) == "basis_not_met", "\(denied.raw)")
            let message = (denied.body["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("consent_denied") && message.contains("personalize.content.profiling"))
            let byEmail = try await client.json(.post, "/v1/partner/records", record(#"{"email":"ada@example.org"}"#, "user.behavior"), token: partner.key)
            #expect(byEmail.status == .forbidden)

            let erased = try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token)
            #expect(erased.status == .noContent)
            let afterErasure = try await client.json(.post, "/v1/partner/records", record(#"{"ref":"\#(ref)"}"#, "user.behavior"), token: partner.key)
            #expect(client.errorWithoutRequestId(afterErasure.raw) == client.errorWithoutRequestId(nobody.raw))
            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 1_000)
            #expect(audit.contains { $0.action == "partner.record.deny" && $0.details.contains("\"hidden\":\"true\"") })
            #expect(audit.contains { $0.action == "partner.record.accept" })
        }
    }

    @Test(arguments: [
        (#"{}"#, ["person:required", "attributes:required"]),
        (#"{"person":{},"attributes":[]}"#, ["person:required", "attributes:required"]),
        (#"{"person":{"email":"a@b.example","ref":"pr_AAAAAAAAAAAAAAAAAAAAAA"},"attributes":[{"category":"user.behavior","field":"t","value":"v"}]}"#, ["person:ambiguous"]),
        (#"{"person":{"email":"not-an-address"},"attributes":[{"category":"user.behavior","field":"t","value":"v"}]}"#, ["person.email:invalid_format"]),
        (#"{"person":{"phone":"+44 12"},"attributes":[{"category":"user.behavior","field":"t","value":"v"}]}"#, ["person.phone:too_short"]),
        (#"{"person":{"ref":"pr_short"},"attributes":[{"category":"user.behavior","field":"t","value":"v"}]}"#, ["person.ref:invalid_format"]),
        (#"{"person":{"email":"a@b.example"},"attributes":[{"category":"user.nope","field":"Tier","value":"\u0007"}]}"#,
         ["attributes[0].category:unknown_category", "attributes[0].field:invalid_format", "attributes[0].value:invalid_character"]),
        (#"{"person":{"email":"a@b.example"},"attributes":[{"field":"t","value":"v"},{"category":"user.behavior","field":"t","value":"v"},{"category":"user.behavior","field":"t"}]}"#,
         ["attributes[0].category:required", "attributes[1].field:duplicate", "attributes[2].field:duplicate", "attributes[2].value:required"]),
        (#"{"person":{"email":"a@b.example"},"attributes":[{"category":"user.behavior","field":"t","value":5}]}"#, ["attributes[0].value:invalid_type"]),
        (#"{"person":"ada","attributes":[]}"#, ["person:invalid_type"]),
    ])
    func malformedRecordsAreRefusedByField(body: String, expected: [String]) async throws {
        let app = try TestApp.partners()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let partner = try await client.registerPartner(admin: admin, name: "shop", sources: ["user.behavior"])
            let reply = try await client.json(.post, "/v1/partner/records", body, token: partner.key)
            #expect(reply.status == .unprocessableContent, "\(reply.raw)")
            #expect(Reply.fields(reply.body) == expected, "\(reply.raw)")
            #expect(!reply.raw.contains("a@b.example") && !reply.raw.contains("not-an-address"), "no input echoed back")
        }
    }

    @Test func aLookupByEmailDisclosesOnlyWhileTheOptInHolds() async throws {
        let app = try TestApp.partners()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let acme = try await client.registerPartner(admin: admin, name: "acme", purposes: ["third_party_sharing"])
            let (_, token) = try await client.registerAndSignIn()
            let before = try await client.json(.post, "/v1/partner/people/lookup", #"{"email":"ada@example.org"}"#, token: acme.key)
            let nobody = try await client.json(.post, "/v1/partner/people/lookup", #"{"email":"zed@example.org"}"#, token: acme.key)
            #expect(before.status == .notFound)
            #expect(client.errorWithoutRequestId(before.raw) == client.errorWithoutRequestId(nobody.raw))
            #expect(try await client.json(.post, "/v1/partner/people/lookup", #"{"email":"nope"}"#, token: acme.key).status == .unprocessableContent)
            #expect(try await client.json(.put, "/v1/people/me/consents/third_party_sharing", #"{"state":"granted"}"#, token: token).status == .ok)
            let found = try await client.json(.post, "/v1/partner/people/lookup", #"{"email":"ada@example.org"}"#, token: acme.key)
            #expect(found.status == .ok, "\(found.raw)")
            let ref = try #require(found.body["ref"] as? String)
            #expect(try await client.json(.get, "/v1/partner/people/\(ref)", token: acme.key).status == .ok)
            #expect(Reply.items(try await client.json(.get, "/v1/people/me/shares", token: token).body).count == 2)
            // Sec-GPC on the person's own later request opts them out of sharing again, and the
            // partner that received their data is told.
            _ = try await client.json(.get, "/v1/people/me/consents", token: token, headers: [.init("Sec-GPC")!: "1"])
            let signalled = try await client.json(.get, "/v1/partner/people/\(ref)", token: acme.key)
            #expect(signalled.status == .forbidden)
            #expect(((signalled.body["error"] as? [String: Any])?["message"] as? String ?? "").contains("gpc_opt_out"))
            let notices = try await app.store.repositories.webhookOutbox.list().filter { $0.type == .consentWithdrawn }
            #expect(notices.map(\.partnerId) == [acme.id] && notices.first?.ref == ref)
        }
    }
}

private func ~= (text: String, needle: String) -> Bool { text.contains(needle) }

@Suite("Partners: nothing personal or secret in logs")
struct PartnerLogPrivacyTests {
    @Test func recordsLookupsAndWebhooksLogNoAddressesSecretsOrKeys() async throws {
        let box = MemoryLogHandlerBox()
        let logger = Logger(label: "custodian.tests") { box.handler(label: $0) }
        let receiver = WebhookReceiver()
        let secrets = SecretsHolder()
        try await receiver.application.test(.live) { hooks in
            let app = try TestApp.partners()
            let admin = try await app.apiKey([.admin])
            let port = try #require(hooks.port)
            secrets.set(try await withSecrets(app: app, admin: admin, logger: logger, port: port))
        }
        let logs = box.all
        #expect(logs.contains("webhook attempt"))
        #expect(secrets.values.count == 3)
        for secret in secrets.values + ["ada@example.org", "Ada@Example.org", "7946", "Lovelace"] {
            #expect(!logs.contains(secret), "the logs hold \(secret.prefix(8))…")
        }
    }

    func withSecrets(app: TestApp, admin: String, logger: Logger, port: Int) async throws -> [String] {
        let holder = SecretsHolder()
        try await app.test(logger: logger) { client in
            let acme = try await client.registerPartner(
                admin: admin, name: "acme", purposes: ["third_party_sharing"], sources: ["user.behavior"], webhook: "http://127.0.0.1:\(port)/hooks",
                push: true)
            holder.set([acme.key, acme.secret, admin])
            let (_, token) = try await client.registerAndSignIn()
            _ = try await client.json(.post, "/v1/partner/records", #"{"person":{"email":"Ada@Example.org"},"attributes":[{"category":"user.behavior","field":"t","value":"v"}]}"#, token: acme.key)
            _ = try await client.json(.post, "/v1/partner/people/lookup", #"{"email":"ada@example.org"}"#, token: acme.key)
            #expect(try await client.json(.put, "/v1/people/me/consents/third_party_sharing", #"{"state":"granted"}"#, token: token).status == .ok)
            #expect(await WebhookReceiverWait.shared(client, admin: admin))
        }
        return holder.values
    }
}

/// Holds values a test body learns, for the test to check afterwards.
final class SecretsHolder: Sendable {
    private let stored = Mutex<[String]>([])
    func set(_ values: [String]) { stored.withLock { $0 = values } }
    var values: [String] { stored.withLock { $0 } }
}

enum WebhookReceiverWait {
    /// Waits until the admin API shows a delivered share.
    static func shared(_ client: any TestClientProtocol, admin: String) async -> Bool {
        (try? await eventually {
            Reply.items(try await client.json(.get, "/v1/admin/webhooks?status=delivered", token: admin).body).contains { $0["type"] as? String == "person.shared" }
        }) ?? false
    }
}
