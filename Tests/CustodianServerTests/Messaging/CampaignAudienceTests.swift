import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Campaigns through the real router without a mail server: validation, audiences drawn by the
/// purpose gate with the reasons people were left out, and what "mail not configured" means.
@Suite("Campaigns, audiences and mail not configured")
struct CampaignAudienceTests {
    @Test func withoutAMailServerCampaignsQueueAndWaitAndTheStatusSaysWhy() async throws {
        let app = try TestApp.messaging(smtp: nil)
        let key = try await app.apiKey([.messaging])
        try await app.test(.live) { client in
            _ = try await client.register(name: "Ada", email: "ada@example.org")
            let campaign = try await client.createCampaign(key: key, promotion())
            let queued = try await client.json(.post, "/v1/campaigns/\(campaign)/queue", token: key)
            #expect(queued.status == .ok)
            #expect((queued.body["mail"] as? [String: Any])?["configured"] as? Bool == false)
            try await Task.sleep(for: .milliseconds(300))
            let status = try await client.json(.get, "/v1/messaging/status", token: key)
            #expect((status.body["mail"] as? [String: Any])?["configured"] as? Bool == false)
            #expect(((status.body["mail"] as? [String: Any])?["delivery"] as? String)?.contains("CUSTODIAN_SMTP_URL") == true)
            #expect((status.body["outbox"] as? [String: Int])?["queued"] == 1, "\(status.raw)")
            // A sign-in that needs a code cannot get one: refused, saying why.
            try await StepUpAndNoticeTests.prepareRisk(client)
            let signIn = try await client.json(.post, "/v1/sessions", StepUpAndNoticeTests.body, headers: StepUpAndNoticeTests.away)
            #expect(signIn.status == .serviceUnavailable, "\(signIn.raw)")
            #expect((signIn.body["error"] as? [String: Any])?["code"] as? String == "mail_not_configured")
            #expect(signIn.body["token"] == nil)
        }
    }

    @Test func aDraftIsCheckedFieldByField() async throws {
        let app = try TestApp.messaging(smtp: nil)
        let key = try await app.apiKey([.messaging])
        let other = try await app.apiKey([.collect])
        try await app.test { client in
            func fields(_ body: [String: Any]) async throws -> [String: String] {
                let answer = try await client.json(.post, "/v1/campaigns", try TestClient.text(body), token: key)
                #expect(answer.status == .unprocessableContent, "\(answer.raw)")
                let list = (answer.body["error"] as? [String: Any])?["fields"] as? [[String: String]] ?? []
                return Dictionary(list.map { ($0["field"] ?? "", $0["code"] ?? "") }) { first, _ in first }
            }
            #expect(try await fields(["name": "x", "subject": "Hi {{email}}", "text": "t"])["subject"] == "unknown_variable")
            #expect(try await fields(["name": "x", "subject": "Hi", "text": "t", "html": "<p>{{{name}}}</p>"])["html"] == "template_not_allowed")
            #expect(try await fields(["name": "x", "subject": "Hi", "text": "{{#name}}open"])["text"] == "template_invalid")
            #expect(try await fields(["name": "x", "subject": "Hi", "text": "{{%CONTENT_TYPE: TEXT}}"])["text"] == "template_not_allowed")
            let many = try await fields(["subject": "Hi", "channel": "sms", "kind": "partner"])
            #expect(many["name"] == "required" && many["text"] == "required" && many["channel"] == "unsupported_channel" && many["partner"] == "required")
            // The default policy does not let email promotions read gender, so nobody narrows by it.
            let narrowed = try await fields(promotion().merging(["audience": ["attributes": ["gender": ["female"], "shoeSize": ["42"]]]]) { _, new in new })
            #expect(narrowed["audience.attributes.gender"] == "attribute_not_allowed")
            #expect(narrowed["audience.attributes.shoeSize"] == "unknown_field")
            #expect(try await client.json(.post, "/v1/campaigns", try TestClient.text(promotion())).status == .unauthorized)
            #expect(try await client.json(.post, "/v1/campaigns", try TestClient.text(promotion()), token: other).status == .forbidden)
            let unknown = try await client.json(.post, "/v1/campaigns/nope/queue", token: key)
            #expect(unknown.status == .notFound && (unknown.body["error"] as? [String: Any])?["code"] as? String == "campaign_not_found")
            let campaign = try await client.createCampaign(key: key, promotion())
            _ = try await client.queueCampaign(key: key, campaign)
            let twice = try await client.json(.post, "/v1/campaigns/\(campaign)/queue", token: key)
            #expect(twice.status == .conflict && (twice.body["error"] as? [String: Any])?["code"] as? String == "campaign_already_queued")
        }
    }

    @Test func promotionsNeedAnHTTPSPublicURLForTheirUnsubscribeLink() async throws {
        let app = try TestApp.messaging(smtp: nil) { $0.publicURL = "http://custodian.test" }
        let key = try await app.apiKey([.messaging])
        try await app.test { client in
            let campaign = try await client.createCampaign(key: key, promotion())
            let answer = try await client.json(.post, "/v1/campaigns/\(campaign)/queue", token: key)
            #expect(answer.status == .conflict)
            #expect((answer.body["error"] as? [String: Any])?["code"] as? String == "unsubscribe_url_unavailable")
        }
    }

    @Test func aPartnerPromotionReachesOnlyPeopleWhoOptedInAndSaysWhyTheOthersWereLeftOut() async throws {
        let app = try TestApp.messaging(smtp: nil)
        let key = try await app.apiKey([.messaging, .consent, .decide])
        try await app.test { client in
            let never = try await client.register(name: "Never asked", email: "never@example.org")
            let yes = try await client.register(name: "Yes", email: "yes@example.org")
            let gpc = try await client.register(name: "Signals", email: "gpc@example.org")
            let unsubscribed = try await client.register(name: "Unsubscribed", email: "gone@example.org")
            for person in [yes, gpc, unsubscribed] {
                let granted = try await client.json(.put, "/v1/people/\(person)/consents/third_party_sharing", #"{"state":"granted","source":"explicit"}"#, token: key)
                #expect(granted.status == .ok, "\(granted.raw)")
            }
            _ = try await client.json(.put, "/v1/people/\(unsubscribed)/consents/marketing.communications.email", #"{"state":"denied","source":"explicit"}"#, token: key)
            // Global Privacy Control seen on a later request opts the person out of sharing again.
            _ = try await client.json(.post, "/v1/decisions", #"{"person":"\#(gpc)","purpose":"third_party_sharing","categories":[]}"#, token: key, headers: [.init("Sec-GPC")!: "1"])
            // Someone who never accepted the policy, and someone with no address.
            let silent = try await app.person()
            let campaign = try await client.createCampaign(key: key, promotion(name: "Partner offer").merging(["kind": "partner", "partner": "Acme Travel", "text": "{{partner}} has an offer for {{name}}. {{unsubscribeUrl}}"]) { _, new in new })
            let shown = try await client.json(.get, "/v1/campaigns/\(campaign)", token: key)
            #expect(shown.body["purpose"] as? String == "third_party_sharing")
            let report = try await client.queueCampaign(key: key, campaign)
            #expect(report["considered"] as? Int == 5 && report["queued"] as? Int == 1, "\(report)")
            #expect(excluded(report, "consent_missing", purpose: "third_party_sharing") == 1)
            #expect(excluded(report, "gpc_opt_out", purpose: "third_party_sharing") == 1)
            #expect(excluded(report, "opted_out", purpose: "marketing.communications.email") == 1)
            #expect(excluded(report, "policy_not_accepted") == 1)
            let queued = try await app.store.repositories.outbox.messages(to: yes)
            #expect(queued.count == 1 && queued.first?.purpose == "third_party_sharing")
            #expect(try await app.store.repositories.outbox.messages(to: never).isEmpty)
            #expect(try await app.store.repositories.outbox.messages(to: silent).isEmpty)
        }
    }

    @Test func aCampaignNarrowedByAnAttributeThePolicyLetsItReadOpensOnlyThatAndAuditsIt() async throws {
        let folder = try TestFolder()
        let policy = folder.path + "/policy.yaml"
        // This installation's policy lets email promotions read gender.
        let yaml = DefaultPolicy.yaml.replacingOccurrences(
            of: "categories: [user.name, user.contact.email, user.demographic.language]",
            with: "categories: [user.name, user.contact.email, user.demographic.language, user.demographic.gender]")
        try yaml.write(toFile: policy, atomically: true, encoding: .utf8)
        let app = try TestApp.messaging(smtp: nil) { $0.policyFile = policy }
        let key = try await app.apiKey([.messaging])
        try await app.test { client in
            for (name, gender) in [("Ada", "female"), ("Alan", "male"), ("Sam", "")] {
                var fields: [String: Any] = ["name": name, "email": "\(name.lowercased())@example.org", "password": "correct horse battery"]
                if !gender.isEmpty { fields["gender"] = gender }
                #expect(try await client.json(.post, "/v1/people", try TestClient.text(fields)).status == .created)
            }
            let campaign = try await client.createCampaign(key: key, promotion().merging(["audience": ["attributes": ["gender": ["female"]]]]) { _, new in new })
            let report = try await client.queueCampaign(key: key, campaign)
            #expect(report["queued"] as? Int == 1 && excluded(report, "attributes_not_matching") == 2, "\(report)")
            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 1_000)
            let entry = try #require(audit.last { $0.action == "campaign.queue" })
            #expect(entry.categories == ["user.demographic.gender"] && entry.details.contains("\"attributes_opened\":\"3\""), "\(entry)")
        }
    }

    @Test func theAccountPageLinksToAnUnsubscribePageWithOneButtonThatWorks() async throws {
        let app = try TestApp.messaging(smtp: nil)
        let key = try await app.apiKey([.consent])
        try await app.test { client in
            let browser = Browser(client)
            _ = try await browser.get("/register")
            let registered = try await browser.post("/register", [("name", "Ada Lovelace"), ("email", "ada@example.org"), ("password", "correct horse battery")])
            #expect(registered.status == .seeOther)
            let account = try await browser.get("/account")
            let link = try #require(account.body.components(separatedBy: "href=\"/unsubscribe?token=").dropFirst().first?.prefix { $0 != "\"" })
            let uri = "/unsubscribe?token=" + link
            let page = try await browser.get(uri)
            #expect(page.status == .ok && page.body.contains("Product and service information"))
            #expect(page.body.components(separatedBy: "<button").count == 2, "one button")
            #expect(page.body.contains("<form method=\"post\" action=\"\(uri)\">"))
            #expect(!page.body.contains("<script") && page.setCookies.isEmpty)
            let done = try await browser.post(uri, [], token: .some(nil))
            #expect(done.status == .ok && done.body.contains("You are unsubscribed"), "\(done.body)")
            #expect(try await browser.get(uri).body.contains("already unsubscribed"))
            let person = try #require(try await app.store.repositories.people.find(LookupKey(kind: "email", value: "ada@example.org")))
            let consents = try await client.json(.get, "/v1/people/\(person)/consents", token: key)
            #expect(consents.raw.contains("unsubscribe link") && consents.raw.contains("\"method\":\"page\""))
        }
    }
}

/// Builds JSON text for requests.
enum TestClient {
    static func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}
