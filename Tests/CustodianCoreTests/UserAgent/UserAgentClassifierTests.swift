import Testing
@testable import CustodianCore

/// Named cases: the families and device types the collection path relies on.
@Suite("User-agent classifier")
struct UserAgentClassifierTests {
    let classifier = UserAgentClassifier(cacheCapacity: 16)

    @Test func chromeMobileOnAndroid() {
        let info = classifier.classify("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36")
        #expect(info == UserAgentInfo(
            browserFamily: "Chrome Mobile", browserMajor: "124", browserMinor: "0", osFamily: "Android", osMajor: "14",
            deviceType: .mobile, deviceBrand: "Samsung", deviceModel: "SM-S918B"))
    }

    @Test func mobileSafariOnIOS() {
        let info = classifier.classify("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")
        #expect(info == UserAgentInfo(
            browserFamily: "Mobile Safari", browserMajor: "17", browserMinor: "4", osFamily: "iOS", osMajor: "17", osMinor: "4",
            deviceType: .mobile, deviceBrand: "Apple", deviceModel: "iPhone"))
    }

    @Test func safariOnMacOSX() {
        let info = classifier.classify("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15")
        #expect(info.browserFamily == "Safari" && info.osFamily == "Mac OS X" && info.osMajor == "10" && info.osMinor == "15")
        #expect(info.deviceType == .desktop && info.deviceModel == "Mac")
    }

    @Test func edgeOperaAndFirefoxOnWindows() {
        let edge = classifier.classify("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51")
        let opera = classifier.classify("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0")
        let firefox = classifier.classify("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0")
        #expect([edge.browserFamily, opera.browserFamily, firefox.browserFamily] == ["Edge", "Opera", "Firefox"])
        #expect([edge.browserMajor, opera.browserMajor, firefox.browserMajor] == ["124", "109", "125"])
        #expect([edge, opera, firefox].allSatisfy { $0.osFamily == "Windows" && $0.osMajor == "10" && $0.deviceType == .desktop })
    }

    @Test func samsungInternet() {
        let info = classifier.classify("Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36")
        #expect(info.browserFamily == "Samsung Internet" && info.browserMajor == "24")
        #expect(info.deviceBrand == "Samsung" && info.deviceModel == "SM-A536B" && info.deviceType == .mobile)
    }

    @Test func chromeMobileIOS() {
        let info = classifier.classify("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1")
        #expect(info.browserFamily == "Chrome Mobile iOS" && info.osFamily == "iOS")
    }

    @Test func crawlersAreBots() {
        let google = classifier.classify("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
        let bing = classifier.classify("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
        #expect(google.browserFamily == "Googlebot" && google.browserMajor == "2" && google.isBot)
        #expect(bing.browserFamily == "bingbot" && bing.deviceType == .bot)
        #expect(google.deviceBrand == nil && google.deviceModel == nil)
    }

    @Test func tabletsAreTablets() {
        let iPad = classifier.classify("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")
        let galaxyTab = classifier.classify("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")
        #expect(iPad.browserFamily == "Mobile Safari" && iPad.deviceType == .tablet && iPad.deviceModel == "iPad")
        #expect(galaxyTab.browserFamily == "Chrome" && galaxyTab.osFamily == "Android" && galaxyTab.deviceType == .tablet)
    }

    @Test func garbageIsOther() {
        for ua in ["", "-", "(((", String(repeating: "x", count: 5000)] {
            let info = classifier.classify(ua)
            #expect(info.browserFamily == "Other" && info.osFamily == "Other" && info.deviceType == .other)
        }
    }

    @Test func cachedAnswersEqualFreshOnes() {
        let ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
        let first = classifier.classify(ua)
        #expect(classifier.classify(ua) == first && first == UserAgentClassifier.compute(ua))
        #expect(first.browserFamily == "Chrome" && first.osFamily == "Linux" && first.deviceType == .desktop)
    }

    @Test func inspectAnswersTheContractFields() throws {
        let inspector = try #require(InspectKinds.make("useragent"))
        let line = #"{"id":7,"input":"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}"#
        #expect(InspectLine.answer(line, kind: inspector) == #"{"id":7,"browserFamily":"Googlebot","browserMajor":"2","osFamily":"Other","osMajor":null,"deviceType":"bot","deviceBrand":null,"deviceModel":null}"#)
        #expect(InspectKinds.names.contains("useragent"))
    }
}
