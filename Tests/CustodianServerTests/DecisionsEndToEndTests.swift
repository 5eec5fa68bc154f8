import CustodianCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

@Suite("Decisions and consent through the real router")
struct DecisionsEndToEndTests {
    @Test("a new person: service allowed, marketing until opted out, sharing and combination until opted in")
    func newPersonFollowsThePolicy() async throws {
        let app = try TestApp()
        defer { app.remove() }
        try await app.test { client in
            let decide = try await app.key([.decide])
            let consent = try await app.key([.consent])
            let person = try await app.person()
            func ask(_ purpose: String, _ categories: [String]) async throws -> [String: Any] {
                let (status, body) = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: purpose, categories: categories)
                #expect(status == .ok)
                return body
            }

            let service = try await ask("essential.service", ["user.name", "user.contact.email"])
            #expect(service["allowed"] as? Bool == true)
            #expect(service["basis"] as? String == "by_use")
            #expect(service["reason"] as? String == "by_use_of_service")

            let marketing = try await ask("marketing.communications.email", ["user.contact.email"])
            #expect(marketing["allowed"] as? Bool == true)
            #expect(marketing["reason"] as? String == "not_opted_out")

            let sharing = try await ask("third_party_sharing", ["user.contact.email"])
            #expect(sharing["allowed"] as? Bool == false)
            #expect(sharing["reason"] as? String == "consent_missing")
            #expect((sharing["message"] as? String)?.isEmpty == false)

            let combining = try await ask("personalize.content.profiling", ["user.name"])
            #expect(combining["allowed"] as? Bool == false)
            #expect(combining["basis"] as? String == "opt_in")

            // Opting out of marketing and into sharing and combination flips each decision.
            #expect(try await Issue3HTTP.setConsent(client, key: consent, person: person, purpose: "marketing.communications.email", state: "denied", source: "explicit").0 == .ok)
            #expect(try await Issue3HTTP.setConsent(client, key: consent, person: person, purpose: "third_party_sharing", state: "granted", source: "explicit").0 == .ok)
            #expect(try await Issue3HTTP.setConsent(client, key: consent, person: person, purpose: "personalize.content.profiling", state: "granted").0 == .ok)

            let optedOut = try await ask("marketing.communications.email", ["user.contact.email"])
            #expect(optedOut["allowed"] as? Bool == false)
            #expect(optedOut["reason"] as? String == "opted_out")
            #expect(try await ask("third_party_sharing", ["user.contact.email"])["allowed"] as? Bool == true)
            #expect(try await ask("personalize.content.profiling", ["user.name"])["allowed"] as? Bool == true)

            // A category the purpose may not read is a denial, not an error.
            let notAllowed = try await ask("marketing.communications.email", ["user.device.ip_address"])
            #expect(notAllowed["allowed"] as? Bool == false)
            #expect(notAllowed["reason"] as? String == "category_not_allowed")
        }
    }

    @Test("Sec-GPC: 1 turns sharing and targeted marketing to denied, recorded once with evidence")
    func gpcFlipsSharingAndTargeting() async throws {
        let app = try TestApp()
        defer { app.remove() }
        try await app.test { client in
            let decide = try await app.key([.decide])
            let consent = try await app.key([.consent])
            let person = try await app.person()
            // Sharing granted by an operator on the person's instruction, before any signal.
            #expect(try await Issue3HTTP.setConsent(client, key: consent, person: person, purpose: "third_party_sharing", state: "granted").0 == .ok)
            #expect(try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "third_party_sharing").1["allowed"] as? Bool == true)
            #expect(try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "marketing.advertising.first_party").1["allowed"] as? Bool == true)

            // Only exactly "1" counts.
            let notExactly = try await Issue3HTTP.decide(
                client, key: decide, person: person, purpose: "marketing.advertising.first_party", extra: [.secGPC: "true"])
            #expect(notExactly.1["allowed"] as? Bool == true)

            let gpc: HTTPFields = [.secGPC: "1"]
            let sharing = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "third_party_sharing", extra: gpc)
            #expect(sharing.1["allowed"] as? Bool == false)
            #expect(sharing.1["reason"] as? String == "gpc_opt_out")
            let targeting = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "marketing.advertising.first_party", extra: gpc)
            #expect(targeting.1["allowed"] as? Bool == false)
            // Not a targeting or sharing use: GPC leaves it alone.
            let email = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "marketing.communications.email", extra: gpc)
            #expect(email.1["allowed"] as? Bool == true)

            // The signal is remembered: later requests without it are still denied.
            let later = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "third_party_sharing")
            #expect(later.1["allowed"] as? Bool == false)

            // Every change is in the ledger, with evidence; the signal was recorded once per purpose.
            try await client.execute(uri: "/v1/people/\(person)/consents", method: .get, headers: Issue3HTTP.headers(key: consent)) { response in
                #expect(response.status == .ok)
                let body = try Issue3HTTP.object(response)
                let history = try #require(body["history"] as? [[String: Any]])
                let gpcEntries = history.filter { $0["source"] as? String == "gpc" }
                // Sharing, targeted marketing and targeted content (personalised recommendations).
                #expect(Set(gpcEntries.compactMap { $0["purpose"] as? String }) == [
                    "third_party_sharing", "marketing.advertising.first_party", "personalize.content.profiled",
                ])
                #expect(gpcEntries.count == 3)
                for entry in history {
                    let evidence = try #require(entry["evidence"] as? [String: String])
                    #expect(evidence["requestId"]?.isEmpty == false)
                    #expect(evidence["channel"] != nil)
                }
                #expect(gpcEntries.allSatisfy { ($0["evidence"] as? [String: String])?["signal"] == "Sec-GPC: 1" })
                let admin = history.first { $0["source"] as? String == "admin" }
                #expect(admin?["kind"] as? String == "granted")
                let purposes = try #require(body["purposes"] as? [[String: Any]])
                let sharingState = purposes.first { $0["purpose"] as? String == "third_party_sharing" }
                #expect(sharingState?["state"] as? String == "denied")
                #expect(sharingState?["source"] as? String == "gpc")
            }

            // An explicit choice after the signal wins, and says so.
            #expect(try await Issue3HTTP.setConsent(client, key: consent, person: person, purpose: "third_party_sharing", state: "granted", source: "explicit").0 == .ok)
            let resolved = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "third_party_sharing", extra: gpc)
            #expect(resolved.1["allowed"] as? Bool == true)
            #expect(resolved.1["reason"] as? String == "explicit_choice_over_signal")
        }
    }

    @Test("DNT: 1 is an opt-out of targeted marketing too")
    func dntOptsOut() async throws {
        let app = try TestApp()
        defer { app.remove() }
        try await app.test { client in
            let decide = try await app.key([.decide])
            let person = try await app.person()
            let answer = try await Issue3HTTP.decide(
                client, key: decide, person: person, purpose: "marketing.advertising.first_party", extra: [.dnt: "1"])
            #expect(answer.1["allowed"] as? Bool == false)
            #expect(answer.1["reason"] as? String == "dnt_opt_out")
        }
    }

    @Test("unknown purpose or category is a 422 naming the field")
    func unknownKeysAre422() async throws {
        let app = try TestApp()
        defer { app.remove() }
        try await app.test { client in
            let decide = try await app.key([.decide])
            let person = try await app.person()
            let purpose = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "marketing.telepathy")
            #expect(purpose.0 == .unprocessableContent)
            let purposeFields = try #require((purpose.1["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(purposeFields.map { $0["field"] as? String } == ["purpose"])
            #expect(purposeFields.first?["code"] as? String == "unknown_purpose")

            let category = try await Issue3HTTP.decide(
                client, key: decide, person: person, purpose: "essential.service", categories: ["user.name", "user.soul"])
            #expect(category.0 == .unprocessableContent)
            let categoryFields = try #require((category.1["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(categoryFields.map { $0["field"] as? String } == ["categories[1]"])
            #expect(categoryFields.first?["code"] as? String == "unknown_category")

            let unknownPerson = try await Issue3HTTP.decide(client, key: decide, person: "nobody", purpose: "essential.service")
            #expect(unknownPerson.0 == .notFound)
            #expect((unknownPerson.1["error"] as? [String: Any])?["code"] as? String == "person_not_found")
        }
    }

    @Test("decisions need the decide scope; consent endpoints need the consent scope")
    func scopes() async throws {
        let app = try TestApp()
        defer { app.remove() }
        try await app.test { client in
            let consent = try await app.key([.consent])
            let decide = try await app.key([.decide])
            let person = try await app.person()
            #expect(try await Issue3HTTP.decide(client, key: consent, person: person, purpose: "essential.service").0 == .forbidden)
            try await client.execute(uri: "/v1/people/\(person)/consents", method: .get, headers: Issue3HTTP.headers(key: decide)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/decisions", method: .post, body: Issue3HTTP.body(["person": person, "purpose": "collect"])) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("consent changes: by-use purposes, bad states, unknown purposes and people are refused")
    func consentRefusals() async throws {
        let app = try TestApp()
        defer { app.remove() }
        try await app.test { client in
            let consent = try await app.key([.consent])
            let person = try await app.person()
            let byUse = try await Issue3HTTP.setConsent(client, key: consent, person: person, purpose: "essential.service", state: "denied")
            #expect(byUse.0 == .unprocessableContent)
            #expect((byUse.1["error"] as? [String: Any])?["code"] as? String == "consent_not_optional")
            let badState = try await Issue3HTTP.setConsent(client, key: consent, person: person, purpose: "collect", state: "maybe")
            #expect(badState.0 == .unprocessableContent)
            #expect(((badState.1["error"] as? [String: Any])?["fields"] as? [[String: Any]])?.first?["field"] as? String == "state")
            let badPurpose = try await Issue3HTTP.setConsent(client, key: consent, person: person, purpose: "nope", state: "granted")
            #expect(badPurpose.0 == .unprocessableContent)
            #expect(((badPurpose.1["error"] as? [String: Any])?["fields"] as? [[String: Any]])?.first?["field"] as? String == "purpose")
            let nobody = try await Issue3HTTP.setConsent(client, key: consent, person: "nobody", purpose: "collect", state: "granted")
            #expect(nobody.0 == .notFound)
            try await client.execute(uri: "/v1/people/nobody/consents", method: .get, headers: Issue3HTTP.headers(key: consent)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("acceptances are recorded once with coarse evidence; only the current version can be accepted")
    func acceptances() async throws {
        let app = try TestApp()
        defer { app.remove() }
        try await app.test { client in
            let consent = try await app.key([.consent])
            let person = try await app.person()
            let version = try await client.execute(uri: "/privacy.json", method: .get) { try Issue3HTTP.object($0)["version"] as? String }
            let current = try #require(version)
            let payload: [String: Any] = [
                "policyVersion": current, "channel": "web", "ip": "203.0.113.77",
                "userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            ]
            try await client.execute(
                uri: "/v1/people/\(person)/acceptances", method: .post, headers: Issue3HTTP.headers(key: consent, json: true),
                body: Issue3HTTP.body(payload)
            ) { response in
                #expect(response.status == .created)
                let body = try Issue3HTTP.object(response)
                #expect(body["ipTruncated"] as? String == "203.0.113.0")
                #expect(body["userAgentFamily"] as? String == "Firefox")
                #expect(!Issue3HTTP.text(response).contains("203.0.113.77"))
            }
            try await client.execute(
                uri: "/v1/people/\(person)/acceptances", method: .post, headers: Issue3HTTP.headers(key: consent, json: true),
                body: Issue3HTTP.body(payload)
            ) { response in #expect(response.status == .ok) }
            try await client.execute(
                uri: "/v1/people/\(person)/acceptances", method: .post, headers: Issue3HTTP.headers(key: consent, json: true),
                body: Issue3HTTP.body(["policyVersion": String(repeating: "0", count: 64)])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(Issue3HTTP.text(response).contains("policyVersion"))
            }
            try await client.execute(uri: "/v1/people/\(person)/consents", method: .get, headers: Issue3HTTP.headers(key: consent)) { response in
                let body = try Issue3HTTP.object(response)
                #expect(body["policyAccepted"] as? Bool == true)
            }
        }
    }

    @Test("the acceptance check answers 428 with the version until the person accepts it")
    func acceptanceCheck() async throws {
        let app = try TestApp()
        defer { app.remove() }
        try await app.test { _ in
            let person = try await app.person()
            let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
            let check = AcceptanceCheck(acceptances: app.store.repositories.acceptances, version: policy.contentHash)
            do {
                try await check.require(person)
                Issue.record("expected 428")
            } catch let error as AppError {
                #expect(error.status == .preconditionRequired)
                #expect(error.code == "policy_acceptance_required")
                #expect(error.message.contains(policy.contentHash))
                #expect(error.headers[.custodianPolicyVersion] == policy.contentHash)
            }
            _ = try await app.store.repositories.acceptances.record(
                .init(personId: person, policyVersion: policy.contentHash, acceptedAt: 1, channel: "web"), actor: "test")
            try await check.require(person)
        }
    }
}
