import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

/// Webhook delivery against a real receiver: retries with backoff, failures visible and retried.
@Suite("Webhook delivery")
struct WebhookDeliveryTests {
    /// A person whose data `partner` pulled, then withdrew: one `consent.withdrawn` is queued.
    static func withdrawnAfterAPull(_ client: any TestClientProtocol, partner: TestPartner) async throws -> String {
        let (_, token) = try await client.registerAndSignIn()
        #expect(try await client.json(.put, "/v1/people/me/consents/third_party_sharing", #"{"state":"granted"}"#, token: token).status == .ok)
        let found = try await client.json(.post, "/v1/partner/people/lookup", #"{"email":"ada@example.org"}"#, token: partner.key)
        #expect(found.status == .ok, "\(found.raw)")
        #expect(try await client.json(.put, "/v1/people/me/consents/third_party_sharing", #"{"state":"denied"}"#, token: token).status == .ok)
        return try #require(found.body["ref"] as? String)
    }

    @Test func aReceiverThatFailsFirstGetsTheSignedWebhookOnALaterAttempt() async throws {
        let receiver = WebhookReceiver(failFirst: [500, 503])
        try await receiver.application.test(.live) { hooks in
            let app = try TestApp.partners()
            let admin = try await app.apiKey([.admin])
            try await app.test { client in
                let acme = try await client.registerPartner(
                    admin: admin, name: "acme", purposes: ["third_party_sharing"], webhook: "http://127.0.0.1:\(try #require(hooks.port))/hooks")
                let ref = try await Self.withdrawnAfterAPull(client, partner: acme)
                let delivered = try #require(await receiver.accepted("consent.withdrawn"))
                #expect(WebhookReceiver.verify(delivered, secret: acme.secret))
                #expect(delivered.data["ref"] as? String == ref)
                let tries = receiver.deliveries.filter { $0.type == "consent.withdrawn" }
                #expect(tries.map(\.answered) == [500, 503, 200])
                #expect(Set(tries.map(\.id)).count == 1, "one event id across attempts, for the receiver's idempotency")
                #expect(tries.allSatisfy { WebhookReceiver.verify($0, secret: acme.secret) })
                // Equal jitter: each wait is at least half the doubling schedule (100 ms, 200 ms).
                #expect(tries[1].at.timeIntervalSince(tries[0].at) >= 0.05)
                #expect(tries[2].at.timeIntervalSince(tries[1].at) >= 0.1)

                // The receiver answers before the worker records the outcome: wait for the record.
                #expect(try await eventually {
                    Reply.items(try await client.json(.get, "/v1/admin/webhooks?status=delivered", token: admin).body).count == 1
                })
                let list = try await client.json(.get, "/v1/admin/webhooks?status=delivered", token: admin)
                let item = try #require(Reply.items(list.body).first { $0["type"] as? String == "consent.withdrawn" })
                #expect(item["attempts"] as? Int == 3 && item["lastStatus"] as? Int == 200)
                let detail = try await client.json(.get, "/v1/admin/webhooks/\(try #require(item["id"] as? String))", token: admin)
                let log = detail.body["attemptLog"] as? [[String: Any]] ?? []
                #expect(log.map { $0["status"] as? Int } == [500, 503, 200])
                #expect(log.map { $0["attempt"] as? Int } == [1, 2, 3])
            }
        }
    }

    @Test func deliveriesThatKeepFailingAreMarkedFailedVisibleAndCanBeRetried() async throws {
        let receiver = WebhookReceiver()
        receiver.answerAlways(500)
        try await receiver.application.test(.live) { hooks in
            let app = try TestApp.partners(attempts: 2)
            let admin = try await app.apiKey([.admin])
            try await app.test { client in
                let acme = try await client.registerPartner(
                    admin: admin, name: "acme", purposes: ["third_party_sharing"], webhook: "http://127.0.0.1:\(try #require(hooks.port))/hooks")
                _ = try await Self.withdrawnAfterAPull(client, partner: acme)
                #expect(try await eventually {
                    !Reply.items(try await client.json(.get, "/v1/admin/webhooks?status=failed", token: admin).body).isEmpty
                })
                let failed = try #require(Reply.items(try await client.json(.get, "/v1/admin/webhooks?status=failed", token: admin).body).first)
                #expect(failed["attempts"] as? Int == 2 && failed["lastError"] as? String == "HTTP 500")
                let id = try #require(failed["id"] as? String)
                #expect(receiver.deliveries.count == 2)

                receiver.answerAlways(nil)
                let retried = try await client.json(.post, "/v1/admin/webhooks/\(id)/retry", token: admin)
                #expect(retried.status == .accepted, "\(retried.raw)")
                #expect(await receiver.accepted("consent.withdrawn") != nil)
                #expect(try await eventually {
                    try await client.json(.get, "/v1/admin/webhooks/\(id)", token: admin).body["status"] as? String == "delivered"
                })
                #expect(try await client.json(.post, "/v1/admin/webhooks/\(id)/retry", token: admin).status == .conflict)
                #expect(try await client.json(.get, "/v1/admin/webhooks/nope", token: admin).status == .notFound)
                let audit = try await app.store.repositories.audit.entries(after: 0, limit: 1_000).map(\.action)
                #expect(audit.contains("partner.webhook.failed") && audit.contains("partner.webhook.retry"))
            }
        }
    }

    @Test func aShareQueuedBeforeAWithdrawalIsCancelledNotSent() async throws {
        let app = try TestApp.partners()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            // Push on, but the URL is one nothing listens on: the share waits, retrying.
            let acme = try await client.registerPartner(
                admin: admin, name: "acme", purposes: ["third_party_sharing"], webhook: "http://127.0.0.1:9/hooks", push: true)
            let (person, token) = try await client.registerAndSignIn()
            #expect(try await client.json(.put, "/v1/people/me/consents/third_party_sharing", #"{"state":"granted"}"#, token: token).status == .ok)
            #expect(try await eventually {
                try await app.store.repositories.webhookOutbox.list().first?.attempts ?? 0 >= 1
            })
            #expect(try await client.json(.put, "/v1/people/me/consents/third_party_sharing", #"{"state":"denied"}"#, token: token).status == .ok)
            #expect(try await eventually {
                try await app.store.repositories.webhookOutbox.list().first?.status == .cancelled
            })
            let share = try #require(try await app.store.repositories.webhookOutbox.list().first)
            #expect(share.lastError?.contains("consent_denied") == true && !share.shareLogged)
            #expect(Reply.items(try await client.json(.get, "/v1/people/me/shares", token: token).body).isEmpty, "nothing reached the partner")
            #expect(try await app.store.repositories.webhookOutbox.list().filter { $0.type == .consentWithdrawn }.isEmpty, "it never received anything")
            #expect(try await app.store.repositories.partnerReferences.issued(partner: acme.id, person: person) == nil,
                    "a share that never went out does not make the partner one that knows the person")
            #expect(share.partnerId == acme.id)
        }
    }
}
