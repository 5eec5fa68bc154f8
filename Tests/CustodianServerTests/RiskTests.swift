import CustodianCore
@testable import CustodianServer
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Security and fraud: URL checks, the registry, held messages, investigations")
struct RiskTests {
    static func app(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws -> TestApp {
        try TestApp { configuration in
            configuration.risk.protectedDomains = ["paypal.com"]
            configuration.risk.publicSuffixListFile = nil
            configure(&configuration)
        }
    }

    @Test func checksAURLWithAServiceKeyAndRefusesOthers() async throws {
        let app = try Self.app()
        let decide = try await app.apiKey([.decide])
        let collect = try await app.apiKey([.collect])
        try await app.test { client in
            let one = try await client.json(.get, "/v1/risk/urls/check?url=http%3A%2F%2Fpaypal.com%40evil.example%2F", token: decide)
            #expect(one.status == .ok, "\(one.raw)")
            #expect(one.body["host"] as? String == "evil.example")
            #expect(one.body["verdict"] as? String == "malicious")
            let codes = (one.body["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes.contains("deceptive_userinfo"))

            let lookalike = try await client.json(.post, "/v1/risk/urls/check", #"{"urls":["https://www.pаypal.com/signin","https://www.paypal.com/signin"]}"#, token: decide)
            #expect(lookalike.status == .ok, "\(lookalike.raw)")
            let results = lookalike.body["results"] as? [[String: Any]] ?? []
            #expect(results.map { $0["verdict"] as? String } == ["malicious", "safe"])
            let reasons = results.first?["reasons"] as? [[String: Any]] ?? []
            let lookalikeReason = reasons.first { $0["code"] as? String == "lookalike_domain" }
            #expect(lookalikeReason?["detail"] as? String == "paypal.com")
            #expect((lookalikeReason?["message"] as? String)?.contains("paypal.com") == true)
            #expect(results.first?["unicodeHost"] as? String == "www.pаypal.com")
            #expect(results.last?["protected"] as? Bool == true)

            #expect(try await client.json(.get, "/v1/risk/urls/check?url=https://a.example/").status == .unauthorized)
            let wrong = try await client.json(.get, "/v1/risk/urls/check?url=https://a.example/", token: collect)
            #expect(wrong.status == .forbidden && Reply.code(wrong.body) == "insufficient_scope")
            let missing = try await client.json(.get, "/v1/risk/urls/check", token: decide)
            #expect(missing.status == .unprocessableContent && Reply.fields(missing.body) == ["url:required"])
            let many = "[" + Array(repeating: "\"https://a.example/\"", count: 101).joined(separator: ",") + "]"
            let tooMany = try await client.json(.post, "/v1/risk/urls/check", #"{"urls":\#(many)}"#, token: decide)
            #expect(Reply.fields(tooMany.body) == ["urls:too_many"])
            let empty = try await client.json(.post, "/v1/risk/urls/check", #"{"urls":["ok.example",""]}"#, token: decide)
            #expect(Reply.fields(empty.body) == ["urls[1]:required"])
        }
    }

    @Test func staffFlagImportAndRemoveListingsAndChecksSeeThemAtOnce() async throws {
        let app = try Self.app()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let flagged = try await client.json(
                .post, "/v1/admin/risk/urls", #"{"value":"evil-shop.com","category":"phishing","source":"openphish","confidence":0.9}"#, token: admin)
            #expect(flagged.status == .created, "\(flagged.raw)")
            #expect(flagged.body["match"] as? String == "domain")
            let id = try #require(flagged.body["id"] as? String)
            let check = try await client.json(.get, "/v1/risk/urls/check?url=https://login.evil-shop.com/a", token: admin)
            #expect(check.body["verdict"] as? String == "malicious", "\(check.raw)")
            let again = try await client.json(.post, "/v1/admin/risk/urls", #"{"value":"EVIL-shop.com.","category":"phishing","source":"openphish"}"#, token: admin)
            #expect(again.status == .ok && again.body["id"] as? String == id)
            let shown = try await client.json(.get, "/v1/admin/risk/urls/\(id)", token: admin)
            #expect((shown.body["history"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["flagged", "updated"])

            let bad = try await client.json(.post, "/v1/admin/risk/urls", #"{"value":"exa mple.com","category":"nope","confidence":3}"#, token: admin)
            #expect(Set(Reply.fields(bad.body)) == ["value:invalid", "category:invalid_choice", "confidence:out_of_range"])

            let list = "# a list\nbad-one.com\n0.0.0.0 bad-two.com\nhttps://bad-three.com/login?x=1\nnot a host\n"
            let imported = try await client.execute(
                uri: "/v1/admin/risk/urls/import?category=malware&source=urlhaus&confidence=0.8", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "text/plain"], body: ByteBuffer(string: list)) { $0 }
            #expect(imported.status == .created, "\(imported.text)")
            let summary = try JSONSerialization.jsonObject(with: Data(buffer: imported.body)) as? [String: Any] ?? [:]
            #expect(summary["added"] as? Int == 3 && summary["skipped"] as? Int == 1)
            #expect((summary["problems"] as? [[String: Any]])?.first?["line"] as? Int == 5)
            let csv = "url,threat,confidence\n\"https://csv-bad.com/x\",malware_download,90\n"
            let fromCSV = try await client.execute(
                uri: "/v1/admin/risk/urls/import?category=phishing&source=feed", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "text/csv"], body: ByteBuffer(string: csv)) { $0 }
            #expect(fromCSV.status == .created, "\(fromCSV.text)")
            let csvCheck = try await client.json(.get, "/v1/risk/urls/check?url=https://csv-bad.com/x", token: admin)
            let csvReasons = (csvCheck.body["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(csvReasons.contains("listed_malware"), "\(csvCheck.raw)")
            let noSource = try await client.execute(
                uri: "/v1/admin/risk/urls/import?category=spam", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "text/plain"], body: ByteBuffer(string: "a.com")) { $0.status }
            #expect(noSource == .unprocessableContent)

            let page = try await client.json(.get, "/v1/admin/risk/urls?source=urlhaus", token: admin)
            #expect(Reply.items(page.body).count == 3)
            #expect(try await client.json(.delete, "/v1/admin/risk/urls/\(id)", token: admin).status == .noContent)
            let after = try await client.json(.get, "/v1/risk/urls/check?url=https://login.evil-shop.com/a", token: admin)
            #expect(after.body["verdict"] as? String == "safe", "\(after.raw)")
            #expect(try await client.json(.delete, "/v1/admin/risk/urls/\(id)", token: admin).status == .notFound)
            let actions = try await app.store.repositories.audit.entries(after: 0, limit: 500).map(\.action)
            #expect(actions.filter { $0 == "risk.url.import" }.count == 2)
            #expect(actions.contains("risk.url.remove"))
        }
    }

    @Test func aContactMessageWithAFlaggedLinkIsHeldWithTheReasonShown() async throws {
        let app = try Self.app()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let held = try await client.json(.post, "/v1/contact", #"{"name":"Grace","email":"grace@example.net","subject":"Refund","body":"Log in at https://www.pаypal.com/signin to get it."}"#)
            #expect(held.status == .created, "\(held.raw)")
            #expect(held.body["status"] as? String == "held")
            let reasons = (held.body["hold"] as? [String: Any])?["reasons"] as? [[String: Any]] ?? []
            #expect(reasons.contains { $0["code"] as? String == "lookalike_domain" && $0["detail"] as? String == "paypal.com" })
            let id = try #require(held.body["id"] as? String)

            let clean = try await client.json(.post, "/v1/contact", #"{"name":"Grace","email":"grace@example.net","subject":"Hi","body":"See https://www.paypal.com/help please."}"#)
            #expect(clean.body["status"] as? String == "open" && clean.body["hold"] == nil)

            let list = try await client.json(.get, "/v1/admin/contact?status=held", token: admin)
            #expect(Reply.items(list.body).compactMap { $0["id"] as? String } == [id])
            let opened = try await client.json(.get, "/v1/admin/contact/\(id)", token: admin)
            let shown = (opened.body["hold"] as? [String: Any])?["reasons"] as? [[String: Any]] ?? []
            #expect(shown.contains { $0["code"] as? String == "lookalike_domain" }, "\(opened.raw)")
            let released = try await client.json(.patch, "/v1/admin/contact/\(id)", #"{"status":"open"}"#, token: admin)
            #expect(released.body["status"] as? String == "open")
            let raw = try await app.store.database.read { try await $0.query(SQL("SELECT url FROM url_sightings")) }
            #expect(raw.count == 1)
            for row in raw {
                guard case .blob(let bytes) = row["url"] else {
                    Issue.record("the sighting's URL is not sealed")
                    continue
                }
                #expect(!String(decoding: bytes, as: UTF8.self).contains("signin"))
            }
        }
    }

    @Test func aPersonsFlaggedLinkBecomesARiskEventTheySeeAndStaffInvestigate() async throws {
        let app = try Self.app()
        let admin = try await app.apiKey([.admin])
        let collect = try await app.apiKey([.collect])
        try await app.test { client in
            let (person, token) = try await client.registerAndSignIn()
            let sent = try await client.json(.post, "/v1/contact", #"{"subject":"Look","body":"My bank sent me to http://paypal.com@evil.example/verify"}"#, token: token)
            #expect(sent.body["status"] as? String == "held", "\(sent.raw)")
            let event = #"{"type":"page","messageId":"m-1","userId":"\#(person)","context":{"page":{"url":"https://shop.example/a","referrer":"http://0x7f.1/login"}}}"#
            let collected = try await client.execute(
                uri: "/v1/collect", method: .post, headers: [.authorization: "Bearer \(collect)", .contentType: "application/json"], body: ByteBuffer(string: event)) { $0.status }
            #expect(collected == .accepted)

            let mine = try await client.json(.get, "/v1/people/me/risk-events", token: token)
            #expect(Reply.items(mine.body).compactMap { $0["kind"] as? String } == ["flagged_url"], "\(mine.raw)")

            let view = try await client.json(.get, "/v1/admin/investigations/\(person)", token: admin)
            #expect(view.status == .ok, "\(view.raw)")
            let basis = view.body["legalBasis"] as? [String: Any] ?? [:]
            #expect(basis["purpose"] as? String == "essential.fraud_detection")
            #expect(basis["basis"] as? String == "by_use" && basis["optOut"] as? Bool == false)
            #expect((view.body["person"] as? [String: Any])?["email"] as? String == "ada@example.org")
            #expect((view.body["riskEvents"] as? [[String: Any]])?.first?["kind"] as? String == "flagged_url")
            #expect((view.body["signIns"] as? [[String: Any]])?.isEmpty == false)
            #expect((view.body["devices"] as? [[String: Any]])?.count == 1)
            let flagged = view.body["flaggedURLs"] as? [[String: Any]] ?? []
            #expect(Set(flagged.compactMap { $0["context"] as? String }) == ["contact", "collect.referrer"])
            #expect(flagged.contains { $0["url"] as? String == "http://paypal.com@evil.example/verify" })

            let security = try await client.json(.get, "/v1/admin/investigations/\(person)?purpose=essential.service.security", token: admin)
            #expect(security.status == .ok)
            #expect((security.body["person"] as? [String: Any])?["email"] == nil)
            #expect(security.body["riskEvents"] == nil)
            #expect((security.body["categories"] as? [String])?.contains("user.contact.email") == false)

            #expect(try await client.json(.get, "/v1/admin/investigations/\(person)?purpose=marketing", token: admin).status == .unprocessableContent)
            #expect(try await client.json(.get, "/v1/admin/investigations/nobody", token: admin).status == .notFound)
            #expect(try await client.json(.get, "/v1/admin/investigations/\(person)", token: collect).status == .forbidden)
            let views = try await app.store.repositories.audit.entries(after: 0, limit: 500).filter { $0.action == "investigation.view" }
            #expect(views.count == 2)
            #expect(views.first?.purpose == "essential.fraud_detection")
        }
    }

    @Test func aCredentialBeyondItsLimitGets429WithRetryAfter() async throws {
        let app = try Self.app { $0.risk.keyLimit = RateLimit(rate: 1, per: 60, burst: 3) }
        let decide = try await app.apiKey([.decide])
        try await app.test { client in
            for _ in 0..<3 {
                #expect(try await client.json(.get, "/v1/risk/urls/check?url=https://a.example/", token: decide).status == .ok)
            }
            let limited = try await client.execute(uri: "/v1/risk/urls/check?url=https://a.example/", method: .get, headers: [.authorization: "Bearer \(decide)"]) { $0 }
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            let body = try limited.errorBody()
            #expect(body.error.code == "rate_limited")
            #expect(!body.error.requestId.isEmpty)
            // Probes are never limited.
            for _ in 0..<5 {
                let status = try await client.execute(uri: "/healthz", method: .get, headers: [.authorization: "Bearer \(decide)"]) { $0.status }
                #expect(status == .ok)
            }
        }
    }

    @Test func anAddressBeyondItsLimitGets429AndRegistrationsPastTheVelocityAreRiskEvents() async throws {
        let app = try Self.app {
            $0.risk.ipLimit = RateLimit(rate: 1, per: 60, burst: 8)
            $0.risk.formLimit = RateLimit(rate: 1, per: 60, burst: 4)
            $0.risk.registrationVelocity = VelocityLimit(count: 2, windowSeconds: 3_600)
        }
        try await app.test(.live) { client in
            for number in 0..<3 {
                let reply = try await client.json(.post, "/v1/people", #"{"name":"P\#(number)","email":"p\#(number)@example.org","password":"correct horse battery"}"#)
                #expect(reply.status == .created, "\(reply.raw)")
            }
            // The fourth form post is still within the form bucket; the fifth is not.
            #expect(try await client.json(.post, "/v1/people", #"{"name":"P","email":"p9@example.org","password":"correct horse battery"}"#).status == .created)
            let refused = try await client.execute(uri: "/v1/people", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) { $0 }
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
            #expect(try refused.errorBody().error.code == "rate_limited")
            for _ in 0..<10 {
                let status = try await client.execute(uri: "/healthz", method: .get) { $0.status }
                #expect(status == .ok)
            }
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 { statuses.append(try await client.execute(uri: "/privacy.json", method: .get) { $0.status }) }
            #expect(statuses.contains(.tooManyRequests))
            let events = try await app.store.repositories.riskEvents.list(kind: "registration_velocity", limit: 10)
            #expect(events.count == 1, "\(events)")
            #expect(Set(events.flatMap(\.reasons)) == ["address_velocity", "network_velocity"])
            #expect(events.allSatisfy { $0.personId != nil && $0.details["network"] == "127.0.0.0" })
        }
    }
}
