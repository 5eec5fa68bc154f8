import Configuration
import CustodianCore
@testable import CustodianServer
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Security and fraud settings, token buckets, refused calls")
struct RiskConfigurationTests {
    static func configuration(_ values: [String: String]) throws -> RiskConfiguration {
        let reader = ConfigReader(providers: [InMemoryProvider(name: "test", values: Dictionary(uniqueKeysWithValues: values.map { (AbsoluteConfigKey(stringLiteral: $0.key), ConfigValue(.string($0.value), isSecret: false)) }))])
        return try RiskConfiguration(config: reader.scoped(to: "custodian"))
    }

    @Test(arguments: [
        ("100/s:400", RateLimit(rate: 100, per: 1, burst: 400)),
        ("30/min", RateLimit(rate: 30, per: 60, burst: 30)),
        ("5/10min:2", RateLimit(rate: 5, per: 600, burst: 2)),
        ("1000/h", RateLimit(rate: 1_000, per: 3_600, burst: 1_000)),
    ])
    func rateLimitsAreRead(text: String, expected: RateLimit) {
        #expect(RateLimit(parsing: text) == expected)
    }

    @Test(arguments: ["", "fast", "10", "10/week", "-1/s", "10/s:0", ":5"])
    func badRateLimitsAreRefused(text: String) {
        #expect(RateLimit(parsing: text) == nil)
    }

    @Test func settingsComeFromTheEnvironmentKeys() throws {
        let risk = try Self.configuration([
            "custodian.protected.domains": "paypal.com, example-bank.co.uk", "custodian.rate.limit.ip": "off", "custodian.rate.limit.key": "10/s",
            "custodian.velocity.registrations": "3/10min", "custodian.public.suffix.list": "builtin", "custodian.suspicious.tlds": "zip,mov",
        ])
        #expect(risk.protectedDomains == ["paypal.com", "example-bank.co.uk"])
        #expect(risk.ipLimit == nil)
        #expect(risk.keyLimit == RateLimit(rate: 10, per: 1, burst: 10))
        #expect(risk.registrationVelocity == VelocityLimit(count: 3, windowSeconds: 600))
        #expect(risk.publicSuffixListFile == nil)
        let settings = try risk.urlRiskSettings()
        #expect(settings.suspiciousTLDs == ["zip", "mov"])
        #expect(settings.publicSuffixes.version.contains("built-in"))
    }

    @Test func badSettingsRefuseStartUp() throws {
        #expect(throws: ConfigurationError.self) { try Self.configuration(["custodian.rate.limit.ip": "lots"]) }
        #expect(throws: ConfigurationError.self) { try Self.configuration(["custodian.velocity.contact": "5"]) }
        #expect(throws: ConfigurationError.self) { try Self.configuration(["custodian.protected.domains": "not a domain"]).urlRiskSettings() }
        #expect(throws: ConfigurationError.self) { try Self.configuration(["custodian.public.suffix.list": "/no/such/file"]).urlRiskSettings() }
    }

    @Test func bucketsRefillAtTheirRate() {
        let buckets = TokenBuckets(limit: RateLimit(rate: 2, per: 1, burst: 2))
        let start: UInt64 = 1_000_000_000
        #expect(buckets.take("a", now: start) == nil)
        #expect(buckets.take("a", now: start) == nil)
        #expect(buckets.take("a", now: start) == 1)
        #expect(buckets.take("b", now: start) == nil)
        #expect(buckets.take("a", now: start + 500_000_000) == nil)
        #expect(buckets.take("a", now: start + 500_000_000) != nil)
    }

    @Test func bucketsStayBoundedUnderAFloodOfAddresses() {
        let buckets = TokenBuckets(limit: RateLimit(rate: 1, per: 1, burst: 1), capacity: 64, shardCount: 4)
        for index in 0..<10_000 { _ = buckets.take("10.0.\(index / 256).\(index % 256)", now: 1) }
        // Every new address still gets its token: eviction, not refusal.
        #expect(buckets.take("192.0.2.1", now: 1) == nil)
    }

    @Test func repeatedRefusedCallsWithOneKeyBecomeARiskEventNamingTheKey() async throws {
        let app = try TestApp { $0.risk.failureVelocity = VelocityLimit(count: 3, windowSeconds: 600) }
        let collect = try await app.apiKey([.collect])
        let keyId = try #require(try await app.store.repositories.apiKeys.list().first?.id)
        try await app.test { client in
            for _ in 0..<5 {
                let status = try await client.execute(uri: "/v1/admin/audit", method: .get, headers: .bearer(collect)) { $0.status }
                #expect(status == .forbidden)
            }
            let events = try await app.store.repositories.riskEvents.list(kind: "failed_calls", limit: 10)
            #expect(events.count == 1)
            #expect(events.first?.subject == "apikey:\(keyId)")
            #expect(events.first?.details["lastStatus"] == "403")
        }
    }

    @Test func aSessionUsedFromLondonThenTokyoIsASessionTravelEventThePersonSees() async throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/test-country.mmdb").path
        let app = try TestApp {
            $0.trustedProxies = [IPNetwork("127.0.0.1"), IPNetwork("::1")].compactMap { $0 }
            $0.geoIPFile = fixture
        }
        try await app.test(.live) { client in
            let london: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.20"]
            let tokyo: HTTPFields = [.init("X-Forwarded-For")!: "2001:db8::20"]
            _ = try await client.json(.post, "/v1/people", #"{"name":"Ada","email":"ada@example.org","password":"correct horse battery"}"#, headers: london)
            let session = try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery"}"#, headers: london)
            let token = try #require(session.body["token"] as? String, "\(session.raw)")
            #expect(try await client.json(.get, "/v1/people/me/sessions", token: token, headers: london).status == .ok)
            #expect(try await client.json(.get, "/v1/people/me/sessions", token: token, headers: tokyo).status == .ok)
            #expect(try await client.json(.get, "/v1/people/me/sessions", token: token, headers: tokyo).status == .ok)
            let mine = try await client.json(.get, "/v1/people/me/risk-events", token: token, headers: tokyo)
            let events = Reply.items(mine.body)
            #expect(events.compactMap { $0["kind"] as? String } == ["session_travel"], "\(mine.raw)")
            let details = events.first?["details"] as? [String: String] ?? [:]
            #expect(Int(details["kilometres"] ?? "") ?? 0 > 5_000)
            #expect(details["from"] == "203.0.113.0")
        }
    }
}
