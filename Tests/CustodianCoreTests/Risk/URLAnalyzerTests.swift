import CustodianCore
import Testing

@Suite("URL analysis")
struct URLAnalyzerTests {
    static let analyzer = URLAnalyzer(settings: URLRiskSettings(protectedDomains: ["paypal.com", "example-bank.co.uk", "www.apple.com"]))

    /// URL → verdict and the reason codes it must carry (others may come too, except where
    /// `exactly` is set).
    @Test(arguments: [
        ("https://www.paypal.com/signin", URLVerdict.safe, [String](), true),
        ("https://paypal.com/", .safe, [], true),
        ("https://www.wikipedia.org/wiki/URL", .safe, [], true),
        ("https://news.bbc.co.uk/sport?x=1", .safe, [], true),
        ("https://octocat.github.io/", .safe, [], true),
        ("mailto:help@example.com", .safe, [], true),
        ("https://online.example-bank.co.uk/login", .safe, [], true),
        ("http://paypal.com@evil.example/", .malicious, ["deceptive_userinfo", "unknown_suffix"], true),
        ("https://user:pw@shop.example.com/", .safe, ["credentials_in_url"], true),
        ("https://xn--pypal-4ve.com/", .malicious, ["lookalike_domain", "mixed_script", "internationalized_host"], false),
        ("https://раураl.com/", .malicious, ["lookalike_domain"], false),
        ("https://paypa1.com/login", .malicious, ["lookalike_domain", "credential_path"], false),
        ("https://rnicrosoft.com/", .safe, [], true),
        ("https://paypal.co/", .suspicious, ["protected_name_other_suffix"], false),
        ("https://paypal.com.account-verify.top/login", .malicious, ["protected_name_in_subdomain", "suspicious_tld", "credential_path"], false),
        ("https://secure-paypal.net/", .suspicious, ["protected_name_in_domain"], false),
        ("https://examp1e-bank.co.uk/", .malicious, ["lookalike_domain"], false),
        ("javascript:alert(document.cookie)", .malicious, ["javascript_scheme"], true),
        ("JavaScript:void(0)", .malicious, ["javascript_scheme"], true),
        ("data:text/html;base64,PHNjcmlwdD4=", .malicious, ["data_scheme"], true),
        ("file:///etc/passwd", .suspicious, ["file_scheme", "credential_path"], true),
        ("http://192.168.1.1/admin", .suspicious, ["ip_address_host", "private_network_host"], true),
        ("http://0x7f.1/", .malicious, ["ip_address_host", "obfuscated_ip_address", "private_network_host"], true),
        ("http://3232235777/", .malicious, ["obfuscated_ip_address"], false),
        ("http://8.8.8.8/", .suspicious, ["ip_address_host"], true),
        ("http://[::1]:8080/", .suspicious, ["ip_address_host", "private_network_host", "unusual_port"], true),
        ("http://%65vil.example.com/", .suspicious, ["percent_encoded_host"], true),
        ("https://bit.ly/3xYz", .safe, ["url_shortener"], true),
        ("https://a.b.c.d.example.com/", .safe, ["deep_subdomain"], true),
        ("https://free-gift-card-winner.com/", .safe, ["hyphenated_domain"], true),
        ("https://prize.xyz/", .safe, ["suspicious_tld"], true),
        ("https://prize.xyz/login/verify", .suspicious, ["suspicious_tld", "credential_path"], true),
        ("https://example.com/setup.exe", .safe, ["executable_file"], true),
        ("https://printer.lan/", .safe, ["unknown_suffix"], true),
        ("not a url at all", .suspicious, ["invalid_url"], true),
        ("http://exa mple.com/", .suspicious, ["invalid_url"], true),
        ("ftp://files.example.com/a", .safe, [], true),
        ("chrome-extension://abc/page.html", .safe, ["unusual_scheme"], true),
    ] as [(String, URLVerdict, [String], Bool)])
    func judgesURLs(url: String, verdict: URLVerdict, reasons: [String], exactly: Bool) {
        let assessment = Self.analyzer.assess(url)
        let codes = assessment.reasons.map(\.code)
        #expect(assessment.verdict == verdict, "\(url): \(assessment.verdict) \(codes) score \(assessment.score)")
        if exactly {
            #expect(Set(codes) == Set(reasons), "\(url): \(codes)")
        } else {
            #expect(Set(reasons).isSubset(of: Set(codes)), "\(url): \(codes)")
        }
        #expect(assessment.score == min(100, assessment.reasons.reduce(0) { $0 + $1.weight }))
    }

    @Test func theUserinfoTrickIsJudgedByTheRealHost() {
        let assessment = Self.analyzer.assess("http://paypal.com@evil.example/")
        #expect(assessment.host == "evil.example")
        #expect(assessment.registrableDomain == "evil.example")
        #expect(!assessment.isProtected)
        #expect(assessment.has(.deceptiveUserinfo))
    }

    @Test func aCyrillicLookalikeOfAProtectedDomainIsFlaggedWithItsReason() throws {
        let assessment = Self.analyzer.assess("https://www.pаypal.com/signin")
        #expect(assessment.verdict == .malicious)
        let reason = try #require(assessment.reasons.first { $0.code == "lookalike_domain" })
        #expect(reason.detail == "paypal.com")
        #expect(reason.message.contains("paypal.com"))
        #expect(assessment.unicodeHost == "www.pаypal.com")
        #expect(assessment.host?.hasPrefix("www.xn--") == true)
        #expect(assessment.reasons.first { $0.code == "mixed_script" }?.detail == "Cyrillic+Latin")
    }

    @Test func hostsDivideIntoSubdomainDomainAndSuffix() {
        let assessment = Self.analyzer.assess("https://forums.news.cnn.co.uk/x")
        #expect(assessment.host == "forums.news.cnn.co.uk")
        #expect(assessment.subdomain == "forums.news")
        #expect(assessment.domain == "cnn")
        #expect(assessment.suffix == "co.uk")
        #expect(assessment.registrableDomain == "cnn.co.uk")
        let bare = Self.analyzer.assess("https://github.io/")
        #expect(bare.registrableDomain == nil && bare.domain == nil && bare.subdomain == nil && bare.suffix == "github.io")
        let ip = Self.analyzer.assess("http://8.8.8.8/")
        #expect(ip.host == "8.8.8.8" && ip.suffix == nil && ip.registrableDomain == nil)
    }

    @Test func registryListingsMatchURLsHostsAndDomainsUntilTheyExpire() {
        let registry = RiskyURLIndex([
            RiskyURLListing(id: "1", match: .domain, value: "evil-site.com", category: .phishing, source: "openphish", confidence: 0.9, expiresAt: nil),
            RiskyURLListing(id: "2", match: .host, value: "cdn.spam-site.com", category: .spam, source: "ops", confidence: 1, expiresAt: nil),
            RiskyURLListing(id: "3", match: .url, value: "https://example.com/bad?x=1", category: .malware, source: "ops", confidence: 0.6, expiresAt: 5_000),
            RiskyURLListing(id: "4", match: .domain, value: "weak-site.com", category: .scam, source: "guess", confidence: 0.3, expiresAt: nil),
        ])
        let analyzer = URLAnalyzer()
        let sub = analyzer.assess("https://login.evil-site.com/a", registry: registry, now: 1_000)
        #expect(sub.verdict == .malicious && sub.has(.listedPhishing))
        #expect(sub.reasons.first { $0.code == "listed_phishing" }?.detail == "openphish")
        #expect(sub.reasons.first { $0.code == "listed_phishing" }?.weight == 90)
        #expect(analyzer.assess("https://notevil-site.com/", registry: registry, now: 1_000).listings.isEmpty)
        #expect(analyzer.assess("https://cdn.spam-site.com/", registry: registry, now: 1_000).verdict == .suspicious)
        #expect(analyzer.assess("https://www.cdn.spam-site.com/", registry: registry, now: 1_000).listings.isEmpty)
        #expect(analyzer.assess("HTTPS://EXAMPLE.com/bad?x=1#top", registry: registry, now: 1_000).verdict == .malicious)
        #expect(analyzer.assess("https://example.com/bad?x=1", registry: registry, now: 6_000).verdict == .safe)
        let weak = analyzer.assess("https://weak-site.com/", registry: registry, now: 1_000)
        #expect(weak.has(.listedScam) && weak.verdict == .safe && weak.score == 27)
    }

    @Test(arguments: [
        ("https://EVIL.example/x", RiskyURLMatch.host, "evil.example"),
        ("EVIL.example.", .domain, "evil.example"),
        ("ex%61mple.com", .host, "example.com"),
        ("bücher.example", .domain, "xn--bcher-kva.example"),
        ("http://Evil.Example:80/a#b", .url, "http://evil.example/a"),
        ("1.2.3.4", .host, "1.2.3.4"),
    ])
    func listingsAreNormalisedAsURLsAre(input: String, match: RiskyURLMatch, expected: String) {
        #expect(RiskyURLListing.normalize(input, as: match) == expected)
    }

    @Test func unreadableListingsAndProtectedDomainsAreRefused() {
        #expect(RiskyURLListing.normalize("exa mple.com", as: .host) == nil)
        #expect(RiskyURLListing.normalize("1.2.3.4", as: .domain) == nil)
        #expect(RiskyURLListing.normalize("", as: .host) == nil)
        let settings = URLRiskSettings(protectedDomains: ["paypal.com", "not a domain", "www.Apple.com"])
        #expect(settings.protectedDomains == ["paypal.com", "apple.com"])
        #expect(settings.rejectedProtectedDomains == ["not a domain"])
    }

    @Test func theOperatorsListsReplaceTheDefaults() {
        let analyzer = URLAnalyzer(settings: URLRiskSettings(suspiciousTLDs: ["example"], shorteners: ["go.example"], maximumSubdomainLabels: 2))
        #expect(analyzer.assess("https://a.example/").has(.suspiciousTLD))
        #expect(!analyzer.assess("https://a.xyz/").has(.suspiciousTLD))
        #expect(analyzer.assess("https://go.example/x").has(.urlShortener))
        #expect(analyzer.assess("https://a.b.site.com/").has(.deepSubdomain))
    }
}
