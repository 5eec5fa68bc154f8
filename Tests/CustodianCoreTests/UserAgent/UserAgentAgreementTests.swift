import Testing
@testable import CustodianCore

/// Agreement with uap-core (via the Python `ua-parser` package) on real user-agent strings.
@Suite("User-agent classification agrees with uap-core")
struct UserAgentAgreementTests {
    let cases = UserAgentTestSet.cases
    let classifier = UserAgentClassifier(cacheCapacity: 0)

    private func agreement(_ agrees: (UserAgentTestCase, UserAgentInfo) -> Bool) -> (share: Double, misses: [String]) {
        var misses: [String] = []
        for testCase in cases {
            let info = classifier.classify(testCase.ua)
            if !agrees(testCase, info) { misses.append(testCase.ua) }
        }
        return (Double(cases.count - misses.count) / Double(max(cases.count, 1)), misses)
    }

    @Test func theTestSetIsLarge() {
        #expect(cases.count >= 3000)
    }

    @Test func everyUapCoreRuleCompiles() {
        let counts = UserAgentRules.shared.counts
        #expect(counts.agents == 433 && counts.systems == 204 && counts.devices == 633)
    }

    @Test func browserFamilies() {
        let result = agreement { $0.browserFamily == $1.browserFamily }
        print("useragent browser family agreement: \(result.share * 100)% of \(cases.count)")
        #expect(result.share >= 0.97, "misses: \(result.misses.prefix(20))")
        #expect(result.misses.isEmpty, "misses: \(result.misses.prefix(20))")
    }

    @Test func osFamilies() {
        let result = agreement { $0.osFamily == $1.osFamily }
        print("useragent OS family agreement: \(result.share * 100)% of \(cases.count)")
        #expect(result.share >= 0.97, "misses: \(result.misses.prefix(20))")
    }

    @Test func majorVersions() {
        let browser = agreement { $0.browserMajor == $1.browserMajor }
        let os = agreement { $0.osMajor == $1.osMajor }
        print("useragent major version agreement: browser \(browser.share * 100)%, OS \(os.share * 100)%")
        #expect(browser.share >= 0.95 && os.share >= 0.95)
    }

    @Test func deviceBrands() {
        let result = agreement { testCase, info in
            switch testCase.deviceBrand {
            case "Spider"?: info.isBot
            case let brand? where brand.hasPrefix("Generic"): info.deviceBrand == nil
            default: testCase.deviceBrand == info.deviceBrand
            }
        }
        print("useragent device brand agreement: \(result.share * 100)%")
        #expect(result.share >= 0.95)
    }

    @Test func fastPathAnswersTheMainstreamBrowsers() {
        let answered = cases.filter { testCase in
            let tokens = UserAgentTokens(Substring(testCase.ua))
            return UserAgentFastPath.applies(testCase.ua, tokens) && UserAgentFastPath.browser(tokens) != nil
        }
        print("useragent fast path answered the browser for \(answered.count) of \(cases.count)")
        // fake-useragent's recent browser strings (the first ~830) are nearly all mainstream.
        #expect(answered.count >= 1000)
    }

    @Test func uapCoreSpidersAreBots() {
        let spiders = cases.filter { $0.deviceFamily == "Spider" }
        #expect(!spiders.isEmpty)
        let missed = spiders.filter { classifier.classify($0.ua).deviceType != .bot }.map(\.ua)
        #expect(missed.isEmpty, "not bots: \(missed)")
    }
}
