import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Campaigns end to end: the real router, the real outbox sender, a real SMTP server (aiosmtpd).
@Suite("Campaign delivery over real SMTP", .enabled(if: SMTPTools.enabled, SMTPTools.missing), .serialized)
struct CampaignDeliveryTests {
    @Test func aPromotionCarriesBothRFC8058HeadersAndTheirOneClickPostUnsubscribesWithoutCookies() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        let key = try await app.apiKey([.messaging, .consent])
        try await app.test { client in
            let ada = try await client.register(name: "Ada <Lovelace> & Co", email: "ada@example.org")
            let grace = try await client.register(name: "Grace Hopper", email: "grace@example.org")
            let first = try await client.createCampaign(key: key, promotion())
            let report = try await client.queueCampaign(key: key, first)
            #expect(report["queued"] as? Int == 2, "\(report)")
            let mails = try await smtp.waitFor(2)
            try #require(mails.count == 2)
            let toAda = try #require(mails.first { $0.rcptTos == ["ada@example.org"] })
            #expect(toAda.mailFrom == "privacy@custodian.test")
            // RFC 8058: an https link, and the one-click POST marker.
            let header = try #require(toAda.header("List-Unsubscribe"))
            #expect(header.hasPrefix("<\(TestApp.publicURL)/unsubscribe?token=u1.") && header.hasSuffix(">"), "\(header)")
            #expect(toAda.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            // RFC 5322 and MIME essentials; the name escaped in HTML, the dot line unstuffed.
            #expect(toAda.header("Message-ID")?.hasSuffix("@custodian.test>") == true)
            #expect(toAda.header("Date") != nil && toAda.header("MIME-Version") == "1.0")
            #expect(toAda.header("Subject") == "News for Ada <Lovelace> & Co")
            #expect(toAda.decodedText.contains("<p>Hello Ada &lt;Lovelace&gt; &amp; Co</p>"), "\(toAda.raw)")
            #expect(toAda.decodedText.contains("\r\n.A line that starts with a dot."))
            #expect(!toAda.raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")

            // The mail provider's one-click POST: no cookie, no CSRF token, no session.
            let path = String(header.dropFirst(1 + TestApp.publicURL.count).dropLast())
            let answer = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "List-Unsubscribe=One-Click")
            ) { response in (response.status, response.headers, String(buffer: response.body)) }
            #expect(answer.0 == .ok, "\(answer.2)")
            #expect(answer.1[.location] == nil && answer.1[values: .setCookie].isEmpty)
            #expect(answer.2.contains("marketing.communications.email"))

            // The ledger: withdrawn by the person's own act, with the link as evidence.
            let consents = try await client.json(.get, "/v1/people/\(ada)/consents", token: key)
            let purposes = try #require(consents.body["purposes"] as? [[String: Any]])
            let email = try #require(purposes.first { $0["purpose"] as? String == "marketing.communications.email" }, "\(consents.raw)")
            #expect(email["state"] as? String == "denied")
            #expect(email["source"] as? String == "explicit")
            let history = try #require(consents.body["history"] as? [[String: Any]])
            let entry = try #require(history.last { $0["purpose"] as? String == "marketing.communications.email" })
            #expect((entry["evidence"] as? [String: String])?["evidence"] == "unsubscribe link", "\(entry)")
            #expect((entry["evidence"] as? [String: String])?["campaign"] == first)

            // The next campaign leaves Ada out, says why, and sends to Grace only.
            let second = try await client.createCampaign(key: key, promotion(name: "Spring news"))
            let next = try await client.queueCampaign(key: key, second)
            #expect(next["queued"] as? Int == 1)
            #expect(excluded(next, "opted_out", purpose: "marketing.communications.email") == 1, "\(next)")
            let all = try await smtp.waitFor(3)
            #expect(all.count == 3)
            #expect(all.last?.rcptTos == ["grace@example.org"])
            #expect(!all.dropFirst(2).contains { $0.rcptTos.contains("ada@example.org") })
            _ = grace
        }
    }

    @Test func aTamperedOrForeignTokenIsRefusedAndChangesNothing() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        let key = try await app.apiKey([.messaging, .consent])
        try await app.test { client in
            let ada = try await client.register(name: "Ada", email: "ada@example.org")
            _ = try await client.queueCampaign(key: key, try await client.createCampaign(key: key, promotion()))
            let mail = try #require(try await smtp.waitFor(1).first)
            let link = try #require(mail.header("List-Unsubscribe"))
            var path = String(link.dropFirst(1 + TestApp.publicURL.count).dropLast())
            // Change one character of the sealed part.
            let index = path.index(path.endIndex, offsetBy: -5)
            path.replaceSubrange(index...index, with: path[index] == "A" ? "B" : "A")
            for uri in [path, "/unsubscribe?token=u1.nonsense", "/unsubscribe"] {
                let json = try await client.json(.post, uri)
                #expect(json.status == .badRequest)
                #expect((json.body["error"] as? [String: Any])?["code"] as? String == "invalid_token")
                let page = try await client.execute(uri: uri, method: .get, headers: [.accept: "text/html"]) { ($0.status, String(buffer: $0.body)) }
                #expect(page.0 == .badRequest && page.1.contains("This link does not work"))
            }
            let consents = try await client.json(.get, "/v1/people/\(ada)/consents", token: key)
            #expect(!(consents.raw.contains("unsubscribe link")))
        }
    }

    @Test func aFourHundredReplyIsRetriedAndAFiveHundredReplyFailsForGood() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        let key = try await app.apiKey([.messaging])
        try await app.test { client in
            let later = try await client.register(name: "Later", email: "tempfail@example.org")
            let never = try await client.register(name: "Never", email: "reject@example.org")
            let campaign = try await client.createCampaign(key: key, promotion())
            _ = try await client.queueCampaign(key: key, campaign)
            let counts = try await client.delivery(key: key, campaign: campaign) { $0["sent"] == 1 && $0["failed_permanent"] == 1 }
            #expect(counts["sent"] == 1 && counts["failed_permanent"] == 1, "\(counts)")
            let retried = try #require(try await app.store.repositories.outbox.messages(to: later).first)
            #expect(retried.state == .sent && retried.attempts == 2, "451 first, then accepted")
            let rejected = try #require(try await app.store.repositories.outbox.messages(to: never).first)
            #expect(rejected.state == .failedPermanent && rejected.lastCode == 550 && rejected.attempts == 1)
            #expect(rejected.lastError == "smtp_rejected_rcpt")
            // Delivered exactly once, and only to the one that was accepted.
            let mails = try smtp.received()
            #expect(mails.map(\.rcptTos) == [["tempfail@example.org"]])
            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 1_000)
            #expect(audit.contains { $0.action == "message.send" && $0.subject == later && $0.outcome == "ok" })
            #expect(audit.contains { $0.action == "message.send" && $0.subject == never && $0.outcome == "error" })
        }
    }

    @Test func transientFailuresStopAfterTheLastAttemptAndAnUnsubscribeBeforeARetrySuppressesIt() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp) {
            $0.mail.maxAttempts = 3
            $0.mail.retryBaseMillis = 1_000
        }
        let key = try await app.apiKey([.messaging, .consent])
        try await app.test { client in
            let stuck = try await client.register(name: "Stuck", email: "tempfail-always@example.org")
            let leaving = try await client.register(name: "Leaving", email: "tempfail-always-2@example.org")
            let campaign = try await client.createCampaign(key: key, promotion())
            _ = try await client.queueCampaign(key: key, campaign)
            // After the first 451, Leaving unsubscribes: the retry asks the gate again and stops.
            let outbox = app.store.repositories.outbox
            let deadline = ContinuousClock.now + .seconds(10)
            while try await outbox.messages(to: leaving).first?.attempts ?? 0 < 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let withdrawn = try await client.json(.put, "/v1/people/\(leaving)/consents/marketing.communications.email", #"{"state":"denied","source":"explicit"}"#, token: key)
            #expect(withdrawn.status == .ok)
            let counts = try await client.delivery(key: key, campaign: campaign) { $0["failed_permanent"] == 1 && $0["suppressed"] == 1 }
            #expect(counts["failed_permanent"] == 1 && counts["suppressed"] == 1, "\(counts)")
            let gaveUp = try #require(try await outbox.messages(to: stuck).first)
            #expect(gaveUp.attempts == 3 && gaveUp.lastError == "smtp_deferred_rcpt_gave_up" && gaveUp.lastCode == 451)
            #expect(try await outbox.messages(to: leaving).first?.lastError == "opted_out")
            #expect(try smtp.received().isEmpty)
        }
    }

    @Test func sendingAndUnsubscribingLogNoAddressNameOrToken() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let box = MemoryLogHandlerBox()
        var logger = Logger(label: "custodian.tests") { box.handler(label: $0) }
        logger.logLevel = .trace
        let app = try TestApp.messaging(smtp: smtp)
        let key = try await app.apiKey([.messaging])
        try await app.test(logger: logger) { client in
            _ = try await client.register(name: "Ada Lovelace", email: "ada.lovelace@example.org")
            _ = try await client.register(name: "Bounce Person", email: "reject.bounce@example.org")
            let campaign = try await client.createCampaign(key: key, promotion())
            _ = try await client.queueCampaign(key: key, campaign)
            _ = try await client.delivery(key: key, campaign: campaign) { $0["sent"] == 1 && $0["failed_permanent"] == 1 }
            let link = try #require(try smtp.received().first?.header("List-Unsubscribe"))
            let path = String(link.dropFirst(1 + TestApp.publicURL.count).dropLast())
            #expect(try await client.json(.post, path).status == .ok)
            let logs = box.all
            #expect(logs.contains("request completed"))
            for secret in ["ada.lovelace@example.org", "reject.bounce@example.org", "Ada Lovelace", "Bounce Person", String(path.dropFirst("/unsubscribe?token=".count))] {
                #expect(!logs.contains(secret), "logged: \(secret)")
            }
        }
    }
}
