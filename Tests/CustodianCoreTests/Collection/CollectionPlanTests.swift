import Foundation
import Testing

@testable import CustodianCore

@Suite("Collection: minimisation and enrichment")
struct CollectionPlanTests {
    static let compiled = CompiledPolicy(TestPolicies.defaultPolicy)
    let plan = CollectionPlan(policy: compiled)

    @Test func theDefaultPolicyReadsEveryEventField() {
        #expect(plan.declaredFields == .all)
    }

    @Test func beforeAcceptanceOnlyEssentialPurposesApply() {
        let purposes = plan.purposes(accepted: false, consent: [:], signals: .none)
        #expect(!purposes.isEmpty)
        #expect(purposes.allSatisfy { $0.hasPrefix("essential") })
        #expect(!purposes.contains("functional.service.improve"))
    }

    /// A policy where analytics is opt-out and honours GPC, and nothing else reads browsing or location.
    static let analyticsPolicy: Policy = {
        var policy = TestPolicies.defaultPolicy
        policy.purposes = [
            Purpose(key: "essential.service.security", title: "Security", description: "Security.", basis: .byUse, categories: ["user.device.ip_address"]),
            Purpose(key: "functional.service.improve", title: "Analytics", description: "Analytics.", basis: .optOut,
                    categories: ["user.behavior.browsing_history", "user.location.imprecise", "user.demographic.language"], optOutSignals: true),
        ]
        return policy
    }()

    @Test func gpcAndRefusalsDropWhatOnlyTheirPurposesRead() {
        let plan = CollectionPlan(policy: CompiledPolicy(Self.analyticsPolicy))
        let everything = plan.forVisitor(signals: .none)
        #expect(everything.contains(.behaviour) && everything.contains(.location) && everything.contains(.ipAddress))
        // No purpose reads the device, device ids or cookie ids: they are never stored.
        #expect(!everything.contains(.device) && !everything.contains(.deviceId) && !everything.contains(.cookieId))
        let underGPC = plan.forVisitor(signals: PrivacySignals(gpc: true))
        #expect(underGPC == EventFieldSet(.ipAddress))
        let optedOut = EffectiveConsent(purpose: "functional.service.improve", state: .denied, source: .explicit)
        let refused = plan.forPerson(accepted: true, consent: ["functional.service.improve": optedOut], signals: .none)
        #expect(refused == underGPC)
        let notAccepted = plan.forPerson(accepted: false, consent: [:], signals: .none)
        #expect(notAccepted == underGPC)
    }

    let enricher = EventEnricher(geo: nil)
    let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"

    func facts(receivedAt: Int64 = 1_000_000) -> RequestFacts {
        RequestFacts(clientIP: "203.0.113.77", userAgent: chrome, acceptLanguage: "fr-CA;q=0.4, de-de, *;q=0.1", signals: .none, receivedAt: receivedAt)
    }

    @Test func enrichesFromTheRequestAndCorrectsClockSkew() {
        var event = IncomingEvent(type: .page, messageId: "m", anonymousId: "a", timestamp: 5_000_000, sentAt: 5_000_400, name: "Home")
        event.context.latitude = 51.507_35
        event.context.longitude = -0.127_76
        event.context.pageURL = "https://example.org/a"
        let out = enricher.enrich(event, facts: facts(), fields: .all)
        #expect(out.ip == "203.0.113.77")
        #expect(out.ipTruncated == "203.0.113.0")
        #expect(out.country == nil)
        #expect(out.browserFamily == "Chrome" && out.browserMajor == "120" && out.osFamily == "Windows" && out.deviceType == "desktop")
        #expect(out.language == "de-DE")
        #expect(out.latitude == 51.51 && out.longitude == -0.13)
        // The client's clock runs 4,000 s ahead; the event happened 400 ms before it was sent.
        #expect(out.occurredAt == 1_000_000 - 400)
        #expect(out.skewMillis == 1_000_000 - 5_000_400)
        #expect(!out.bot)
        #expect(out.fields == EventFieldSet([.ipAddress, .network, .device, .cookieId, .language, .location, .behaviour].map(EventFieldSet.init)))
    }

    @Test func mobileContextWinsOverTheUserAgent() {
        var event = IncomingEvent(type: .screen, messageId: "m", userId: "p")
        event.context.osName = "iOS"
        event.context.osVersion = "17.1.2"
        event.context.deviceManufacturer = "Apple"
        event.context.deviceModel = "iPhone15,2"
        event.context.deviceType = "mobile"
        event.context.deviceId = "D-1"
        event.context.locale = "pt_br"
        event.context.userAgent = "Shop/2.1 CFNetwork/1474 Darwin/23.1.0"
        let out = enricher.enrich(event, facts: facts(), fields: .all)
        #expect(out.osFamily == "iOS" && out.osMajor == "17")
        #expect(out.deviceBrand == "Apple" && out.deviceModel == "iPhone15,2" && out.deviceType == "mobile")
        #expect(out.deviceId == "D-1")
        #expect(out.language == "pt-BR")
    }

    @Test func minimisationLeavesOutWhatIsNotAllowed() {
        var event = IncomingEvent(type: .page, messageId: "m", anonymousId: "a")
        event.context.pageURL = "https://example.org/"
        let out = enricher.enrich(event, facts: facts(), fields: [EventFieldSet(.ipAddress), EventFieldSet(.device)])
        #expect(out.ip != nil && out.browserFamily != nil)
        #expect(out.url == nil && out.anonymousId == nil && out.language == nil && out.ipTruncated == nil)
    }

    @Test func botsAreFlagged() {
        let crawler = RequestFacts(clientIP: nil, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", acceptLanguage: nil, signals: .none, receivedAt: 1)
        #expect(enricher.enrich(IncomingEvent(type: .page, messageId: "m", anonymousId: "a"), facts: crawler, fields: .all).bot)
    }

    @Test func clockSkewIsNeverInTheFuture() {
        #expect(EventEnricher.occurredAt(timestamp: 10, sentAt: 5, receivedAt: 100) == 100)
        #expect(EventEnricher.occurredAt(timestamp: 200, sentAt: nil, receivedAt: 100) == 100)
        #expect(EventEnricher.occurredAt(timestamp: nil, sentAt: nil, receivedAt: 100) == 100)
    }

    @Test func languageTags() {
        #expect(LanguageTag.normalise("zh_hant_tw") == "zh-Hant-TW")
        #expect(LanguageTag.normalise("en-") == nil)
        #expect(LanguageTag.normalise("<script>") == nil)
        #expect(LanguageTag.preferred("da, en-gb;q=0.8, en;q=0.7") == "da")
        #expect(LanguageTag.preferred("*") == nil)
    }

    @Test func retentionFollowsThePolicy() {
        let plan = EventRetentionPlan(policy: TestPolicies.defaultPolicy)
        let day: Int64 = 86_400_000
        #expect(plan.rowLifetime == 365 * day)
        #expect(plan.shorter == [.ipAddress: 30 * day])
        #expect(plan.visitorKeyLifetime == 30 * day)
    }
}
