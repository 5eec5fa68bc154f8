import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("People: registration, profile, sessions")
struct PeopleTests {
    @Test func registerSignInReadCorrectAndSignOut() async throws {
        try await TestApp().test { client in
            let (id, token) = try await client.registerAndSignIn()
            let profile = try await client.json(.get, "/v1/people/me", token: token)
            #expect(profile.status == .ok, "\(profile.raw)")
            #expect(profile.body["id"] as? String == id)
            #expect(profile.body["name"] as? String == "Ada Lovelace")
            #expect(profile.body["email"] as? String == "ada@example.org")
            #expect(profile.body["phone"] as? String == "+442079460958")
            #expect(profile.body["birthDate"] as? String == "1990-12-10")

            let corrected = try await client.json(.patch, "/v1/people/me", #"{"name":"Augusta Ada King","phone":null,"email":"ADA@Example.org"}"#, token: token)
            #expect(corrected.status == .ok, "\(corrected.raw)")
            #expect(corrected.body["name"] as? String == "Augusta Ada King")
            #expect(corrected.body["phone"] == nil)

            // The new address signs in (any case); the session ends on sign-out.
            let again = try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery"}"#)
            #expect(again.status == .created)
            #expect(try await client.json(.delete, "/v1/sessions/current", token: token).status == .noContent)
            #expect(try await client.json(.get, "/v1/people/me", token: token).status == .unauthorized)
        }
    }

    @Test(arguments: [
        (#"{"email":"a@example.org","password":"correct horse battery"}"#, "name", "required"),
        (#"{"name":"A","email":"not-an-email","password":"correct horse battery"}"#, "email", "invalid_format"),
        (#"{"name":"A","email":"a@example.org","password":"short"}"#, "password", "too_short"),
        (#"{"name":"A","email":"a@example.org","password":"password123"}"#, "password", "too_common"),
        (#"{"name":"A","email":"a@example.org","password":"correct horse battery","phone":"+44 12"}"#, "phone", "too_short"),
        (#"{"name":"A","email":"a@example.org","password":"correct horse battery","gender":"robot"}"#, "gender", "invalid_choice"),
        (#"{"name":"A","email":"a@example.org","password":"correct horse battery","birthDate":"2999-01-01"}"#, "birthDate", "in_future"),
        (#"{"name":"A","email":"a@example.org","password":"correct horse battery","birthDate":"2023-02-29"}"#, "birthDate", "invalid_date"),
        (#"{"name":"A","email":"a@example.org","password":"correct horse battery","birthDate":"2020-02-29"}"#, "birthDate", "below_minimum_age"),
        (#"{"name":"\u0007","email":"a@example.org","password":"correct horse battery"}"#, "name", "invalid_character"),
    ])
    func invalidFieldsGiveTheFieldsError(body: String, field: String, code: String) async throws {
        try await TestApp().test { client in
            let reply = try await client.json(.post, "/v1/people", body)
            #expect(reply.status == .unprocessableContent, "\(reply.raw)")
            let fields = (reply.body["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []
            #expect(fields.contains { $0["field"] as? String == field && $0["code"] as? String == code }, "\(reply.raw)")
        }
    }

    @Test func internationalNumbersIDNEmailsAndLeapDaysAreAccepted() async throws {
        try await TestApp().test { client in
            let cases = [
                (#""phone":"+49 30 901820","email":"jörg@bücher.example""#, "+4930901820"),
                (#""phone":"+81 3-1234-5678","email":"user@例子.广告""#, "+81312345678"),
                (#""phone":"(201) 555-0123","email":"ann@example.com""#, "+12015550123"),
            ]
            for (index, (fields, e164)) in cases.enumerated() {
                let reply = try await client.json(.post, "/v1/people", #"{"name":"P\#(index)",\#(fields),"password":"correct horse battery","birthDate":"1996-02-29"}"#)
                #expect(reply.status == .created, "\(reply.raw)")
                let email = try #require(fields.split(separator: "\"").last)
                let session = try await client.json(.post, "/v1/sessions", #"{"email":"\#(email)","password":"correct horse battery"}"#)
                let token = try #require(session.body["token"] as? String, "\(session.raw)")
                let profile = try await client.json(.get, "/v1/people/me", token: token)
                #expect(profile.body["phone"] as? String == e164)
                #expect(profile.body["birthDate"] as? String == "1996-02-29")
            }
        }
    }

    @Test func registeringATakenEmailLooksTheSameAndCreatesNobody() async throws {
        let app = try TestApp()
        try await app.test { client in
            let first = try await client.json(.post, "/v1/people", #"{"name":"Ada","email":"ada@example.org","password":"correct horse battery"}"#)
            let second = try await client.json(.post, "/v1/people", #"{"name":"Mallory","email":"Ada@Example.org","password":"another long secret"}"#)
            #expect(first.status == .created)
            #expect(second.status == first.status)
            #expect(Set(second.body.keys) == Set(first.body.keys))
            let count = try await app.store.database.read { try await $0.first(SQL("SELECT COUNT(*) AS n FROM people"))?.int("n") }
            #expect(count == 1)
            // And the original password still works.
            #expect(try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery"}"#).status == .created)
        }
    }

    @Test func theRawDatabaseHoldsNoPlaintextProfile() async throws {
        let app = try TestApp()
        try await app.test(keepData: true) { client in
            _ = try await client.registerAndSignIn()
        }
        defer { try? FileManager.default.removeItem(atPath: app.directory) }
        try await app.store.database.close()
        var bytes: [UInt8] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: app.directory) where name.hasPrefix("custodian.sqlite") {
            bytes += Array(try Data(contentsOf: URL(fileURLWithPath: app.directory).appendingPathComponent(name)))
        }
        let haystack = String(decoding: bytes.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        for secret in ["Ada Lovelace", "ada@example.org", "+442079460958", "7946 0958", "1990-12-10", "correct horse battery"] {
            #expect(!haystack.contains(secret), "plaintext found: \(secret)")
        }
    }

    @Test func twentyWrongPasswordsLockTheAddressAndTheRightOneThenFailsAlike() async throws {
        try await TestApp().test { client in
            _ = try await client.registerAndSignIn()
            var wrong: String?
            for _ in 0..<20 {
                let reply = try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"not the password"}"#)
                #expect(reply.status == .unauthorized)
                wrong = (reply.body["error"] as? [String: Any])?["code"] as? String
            }
            let right = try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery"}"#)
            #expect(right.status == .unauthorized)
            #expect((right.body["error"] as? [String: Any])?["code"] as? String == wrong)
            #expect(wrong == "invalid_credentials")
            let unknown = try await client.json(.post, "/v1/sessions", #"{"email":"nobody@example.org","password":"whatever it is"}"#)
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test func unfamiliarSoftwareScoresHigherThanFamiliarWithReasonsVisible() async throws {
        try await TestApp().test { client in
            _ = try await client.registerAndSignIn()
            let firefox: HTTPFields = [.userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"]
            let safari: HTTPFields = [.userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1"]
            let body = #"{"email":"ada@example.org","password":"correct horse battery"}"#
            _ = try await client.json(.post, "/v1/sessions", body, headers: firefox)
            let familiar = try await client.json(.post, "/v1/sessions", body, headers: firefox)
            let unfamiliar = try await client.json(.post, "/v1/sessions", body, headers: safari)
            let familiarRisk = try #require(familiar.body["risk"] as? [String: Any])
            let unfamiliarRisk = try #require(unfamiliar.body["risk"] as? [String: Any])
            #expect((unfamiliarRisk["score"] as? Int ?? 0) > (familiarRisk["score"] as? Int ?? 0))
            #expect((unfamiliarRisk["reasons"] as? [String])?.contains("new_software") == true)
            let token = try #require(unfamiliar.body["token"] as? String)
            let recent = try await client.json(.get, "/v1/people/me/sign-ins", token: token)
            #expect(recent.raw.contains("new_software"))
        }
    }

    @Test func aSignInFromANewNetworkBehindATrustedProxyIsScoredHigher() async throws {
        let app = try TestApp { $0.trustedProxies = [IPNetwork("127.0.0.1"), IPNetwork("::1")].compactMap { $0 } }
        try await app.test(.live) { client in
            _ = try await client.registerAndSignIn()
            let body = #"{"email":"ada@example.org","password":"correct horse battery"}"#
            let home: HTTPFields = [.init("X-Forwarded-For")!: "198.51.100.20", .userAgent: "Firefox/128.0"]
            let away: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.50", .userAgent: "Firefox/128.0"]
            _ = try await client.json(.post, "/v1/sessions", body, headers: home)
            let familiar = try await client.json(.post, "/v1/sessions", body, headers: home)
            let unfamiliar = try await client.json(.post, "/v1/sessions", body, headers: away)
            let familiarRisk = try #require(familiar.body["risk"] as? [String: Any])
            let unfamiliarRisk = try #require(unfamiliar.body["risk"] as? [String: Any], "\(unfamiliar.raw)")
            #expect((familiarRisk["reasons"] as? [String])?.contains("new_network") == false)
            #expect((unfamiliarRisk["reasons"] as? [String])?.contains("new_network") == true)
            #expect((unfamiliarRisk["score"] as? Int ?? 0) > (familiarRisk["score"] as? Int ?? 0))
            let token = try #require(unfamiliar.body["token"] as? String)
            let sessions = try await client.json(.get, "/v1/people/me/sessions", token: token)
            #expect(sessions.raw.contains("203.0.113.0"))
            #expect(!sessions.raw.contains("203.0.113.50"))
        }
    }

    @Test func aSignInFromAnAddressTheRiskyURLRegistryListsIsScoredWithTheListing() async throws {
        let app = try TestApp { $0.trustedProxies = [IPNetwork("127.0.0.1"), IPNetwork("::1")].compactMap { $0 } }
        let admin = try await app.apiKey([.admin])
        try await app.test(.live) { client in
            _ = try await client.registerAndSignIn()
            let body = #"{"email":"ada@example.org","password":"correct horse battery"}"#
            let home: HTTPFields = [.init("X-Forwarded-For")!: "198.51.100.20", .userAgent: "Firefox/128.0"]
            _ = try await client.json(.post, "/v1/sessions", body, headers: home)
            let before = try await client.json(.post, "/v1/sessions", body, headers: home)
            #expect((before.body["risk"] as? [String: Any])?["reasons"] as? [String] == [], "\(before.raw)")
            let listed = try await client.json(
                .post, "/v1/admin/risk/urls", #"{"value":"198.51.100.20","match":"host","category":"malware","source":"test"}"#, token: admin)
            #expect(listed.status == .created, "\(listed.raw)")
            let after = try await client.json(.post, "/v1/sessions", body, headers: home)
            let risk = try #require(after.body["risk"] as? [String: Any], "\(after.raw)")
            #expect(risk["reasons"] as? [String] == ["flagged_address_malware"])
            #expect(risk["score"] as? Int == 40)
            // Another address of the same network is not listed.
            let neighbour: HTTPFields = [.init("X-Forwarded-For")!: "198.51.100.21", .userAgent: "Firefox/128.0"]
            let next = try await client.json(.post, "/v1/sessions", body, headers: neighbour)
            #expect((next.body["risk"] as? [String: Any])?["reasons"] as? [String] == [], "\(next.raw)")
        }
    }

    @Test func aNewCountryAndImpossibleTravelAreScoredWithTheGeoIPDatabase() async throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/test-country.mmdb").path
        let app = try TestApp {
            $0.trustedProxies = [IPNetwork("127.0.0.1"), IPNetwork("::1")].compactMap { $0 }
            $0.geoIPFile = fixture
        }
        try await app.test(.live) { client in
            _ = try await client.registerAndSignIn()
            let body = #"{"email":"ada@example.org","password":"correct horse battery"}"#
            let london: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.20", .userAgent: "Firefox/128.0"]
            let tokyo: HTTPFields = [.init("X-Forwarded-For")!: "2001:db8::20", .userAgent: "Firefox/128.0"]
            _ = try await client.json(.post, "/v1/sessions", body, headers: london)
            let home = try await client.json(.post, "/v1/sessions", body, headers: london)
            let away = try await client.json(.post, "/v1/sessions", body, headers: tokyo)
            let homeRisk = try #require(home.body["risk"] as? [String: Any])
            #expect((homeRisk["reasons"] as? [String])?.isEmpty == true)
            // London, then Tokyo a moment later from a new network: refused, exactly like a wrong
            // password, and the person sees why among their recent sign-ins.
            #expect(away.status == .unauthorized)
            #expect((away.body["error"] as? [String: Any])?["code"] as? String == "invalid_credentials")
            let token = try #require(home.body["token"] as? String)
            let recent = try await client.json(.get, "/v1/people/me/sign-ins", token: token)
            let items = try #require(recent.body["items"] as? [[String: Any]])
            let denied = try #require(items.first { $0["outcome"] as? String == "deny" }, "\(recent.raw)")
            let reasons = denied["reasons"] as? [String] ?? []
            #expect(reasons.contains("new_country"))
            #expect(reasons.contains("impossible_travel"))
            #expect(denied["country"] as? String == "JP")
            #expect((denied["score"] as? Int ?? 0) > (homeRisk["score"] as? Int ?? 0))
        }
    }

    @Test func changingThePasswordSignsOutTheOtherSessions() async throws {
        try await TestApp().test { client in
            let (_, first) = try await client.registerAndSignIn()
            let second = try #require(try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery"}"#).body["token"] as? String)
            #expect((try await client.json(.get, "/v1/people/me/sessions", token: first).body["items"] as? [Any])?.count == 2)
            let refused = try await client.json(.put, "/v1/people/me/password", #"{"currentPassword":"wrong one here","newPassword":"a brand new passphrase"}"#, token: first)
            #expect(refused.status == .unprocessableContent)
            let changed = try await client.json(.put, "/v1/people/me/password", #"{"currentPassword":"correct horse battery","newPassword":"a brand new passphrase"}"#, token: first)
            #expect(changed.status == .noContent, "\(changed.raw)")
            #expect(try await client.json(.get, "/v1/people/me", token: second).status == .unauthorized)
            #expect(try await client.json(.get, "/v1/people/me", token: first).status == .ok)
        }
    }

    @Test func ownConsentsAreReadAndChangedWithTheSessionAndLedgered() async throws {
        try await TestApp().test { client in
            let (_, token) = try await client.registerAndSignIn()
            let changed = try await client.json(.put, "/v1/people/me/consents/marketing.communications.email", #"{"state":"denied"}"#, token: token)
            #expect(changed.status == .ok, "\(changed.raw)")
            let listed = try await client.json(.get, "/v1/people/me/consents", token: token)
            #expect(listed.raw.contains("explicit"))
            #expect(try await client.json(.get, "/v1/people/me/consents").status == .unauthorized)
        }
    }

    @Test func aNewPolicyVersionMustBeAcceptedBeforeTheProfileIsServed() async throws {
        let first = try TestApp()
        let tokens = Locked<String>("")
        try await first.test(keepData: true) { client in
            let (_, token) = try await client.registerAndSignIn()
            tokens.withLock { $0 = token }
        }
        defer { try? FileManager.default.removeItem(atPath: first.directory) }
        let changedPolicy = first.directory + "/changed-policy.yaml"
        try DefaultPolicy.yaml.replacingOccurrences(of: "name: the Platform", with: "name: Example Platform")
            .write(toFile: changedPolicy, atomically: true, encoding: .utf8)
        let second = try TestApp(environment: first.configuration.environment, directory: first.directory) { $0.policyFile = changedPolicy }
        try await second.test { client in
            let token = tokens.withLock { $0 }
            let refused = try await client.json(.get, "/v1/people/me", token: token)
            #expect(refused.status == .preconditionRequired, "\(refused.raw)")
            #expect((refused.body["error"] as? [String: Any])?["code"] as? String == "policy_acceptance_required")
            let version = try #require(try await client.json(.get, "/privacy.json").body["version"] as? String)
            #expect(try await client.json(.post, "/v1/people/me/acceptances", #"{"policyVersion":"\#(version)"}"#, token: token).status == .created)
            #expect(try await client.json(.get, "/v1/people/me", token: token).status == .ok)
        }
    }

    @Test func erasureNeedsThePasswordAndLeavesNothingThatSignsIn() async throws {
        try await TestApp().test { client in
            let (_, token) = try await client.registerAndSignIn()
            #expect(try await client.json(.delete, "/v1/people/me", #"{"password":"not it at all"}"#, token: token).status == .unprocessableContent)
            #expect(try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token).status == .noContent)
            #expect(try await client.json(.get, "/v1/people/me", token: token).status == .unauthorized)
            #expect(try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery"}"#).status == .unauthorized)
            // The address is free again.
            #expect(try await client.json(.post, "/v1/people", #"{"name":"Ada","email":"ada@example.org","password":"correct horse battery"}"#).status == .created)
        }
    }
}
