import Benchmark
import CustodianCore

// URL analysis in process, on one thread: a realistic mix of 10,000 URLs (popular sites with
// paths and queries, country-code and private suffixes, IDN, shorteners, and the risky kinds:
// IP literals, userinfo tricks, look-alikes, credential paths), five protected domains and a
// registry of 10,000 listings. 1,000 checks per iteration, so `throughput` reads as URLs per
// second and the malloc count as allocations per URL.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let analyzer = URLAnalyzer(settings: URLRiskSettings(protectedDomains: ["paypal.com", "example-bank.co.uk", "apple.com", "google.com", "amazon.com"]))
    let registry = RiskyURLIndex((0..<10_000).map { index in
        RiskyURLListing(
            id: String(index), match: index % 3 == 0 ? .host : .domain, value: "listed-\(index).example.com", category: index % 2 == 0 ? .phishing : .spam,
            source: "bench", confidence: 0.9, expiresAt: nil)
    })
    let urls = URLMix.make(count: 10_000)
    let safeShare = urls.filter { analyzer.assess($0, registry: registry).verdict == .safe }.count
    print("URL mix: \(urls.count) URLs, \(safeShare) judged safe")

    Benchmark("URL check, realistic mix (registry of 10k, 5 protected domains)") { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(analyzer.assess(urls[index], registry: registry, now: 1))
            index = index == urls.count - 1 ? 0 : index + 1
        }
    }

    Benchmark("URL parse only, realistic mix") { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(URLParser.parse(urls[index]))
            index = index == urls.count - 1 ? 0 : index + 1
        }
    }

    let hosts = urls.compactMap { try? URLParser.parse($0).get().host?.domain }
    Benchmark("Public Suffix List split, hosts of the mix") { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(PublicSuffixList.builtIn.split(hosts[index]))
            index = index == hosts.count - 1 ? 0 : index + 1
        }
    }
}

/// A deterministic mix of URLs as they arrive in messages, comments and page views.
enum URLMix {
    static let popular = [
        "www.google.com", "mail.google.com", "docs.google.com", "www.youtube.com", "en.wikipedia.org", "www.amazon.com", "www.amazon.co.uk",
        "www.facebook.com", "www.instagram.com", "twitter.com", "www.linkedin.com", "www.reddit.com", "news.ycombinator.com", "github.com",
        "stackoverflow.com", "www.bbc.co.uk", "www.theguardian.com", "www.nytimes.com", "www.apple.com", "support.apple.com",
        "www.microsoft.com", "learn.microsoft.com", "www.paypal.com", "www.ebay.de", "www.netflix.com", "open.spotify.com", "www.twitch.tv",
        "www.booking.com", "www.airbnb.com", "www.tripadvisor.co.uk", "www.yahoo.co.jp", "www.rakuten.co.jp", "www.baidu.com", "www.qq.com",
        "www.naver.com", "vk.com", "www.mercadolivre.com.br", "www.abc.net.au", "www.gov.uk", "www.ox.ac.uk", "www.canada.ca", "shop.example-store.com",
    ]
    static let hosted = [
        "octocat.github.io", "my-blog.blogspot.com", "someone.wordpress.com", "app-123.herokuapp.com", "site.netlify.app", "proj.vercel.app",
        "bucket.s3.amazonaws.com", "d1234.cloudfront.net", "store.myshopify.com", "foo.pages.dev",
    ]
    static let idn = ["bücher.de", "www.münchen.de", "пример.рф", "例え.テスト", "xn--mnchen-3ya.de"]
    static let shorteners = ["bit.ly", "t.co", "tinyurl.com", "goo.gl", "youtu.be"]
    static let risky = [
        "http://paypal.com@evil-site.com/", "http://192.168.0.1/admin", "http://0x7f.1/", "https://xn--pypal-4ve.com/signin", "https://paypa1.com/login",
        "https://paypal.com.account-verify.top/login", "https://secure-paypal.net/webscr", "https://listed-42.example.com/x", "https://a.b.c.d.e.example.com/",
        "javascript:alert(1)", "http://%65vil.example.com/", "https://prize.xyz/claim", "http://203.0.113.9:8080/setup.exe",
    ]
    static let paths = [
        "/", "/search?q=url+parser&hl=en", "/wiki/Public_Suffix_List", "/watch?v=dQw4w9WgXcQ", "/products/12345?ref=home&utm_source=mail",
        "/account/settings", "/a/b/c/d/e/f", "/en-gb/news/article-2026-11-30.html", "/images/photo.jpg", "/#section-2", "/login?next=%2Fhome",
        "/p/abc123/comments/", "/questions/1234567/how-to-parse-a-url-in-swift",
    ]

    static func make(count: Int) -> [String] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { _ in
            let roll = next(100)
            let path = paths[next(paths.count)]
            switch roll {
            case 0..<62: return "https://" + popular[next(popular.count)] + path
            case 62..<75: return "https://" + hosted[next(hosted.count)] + path
            case 75..<80: return "https://" + idn[next(idn.count)] + path
            case 80..<85: return "https://" + shorteners[next(shorteners.count)] + "/" + String(next(1_000_000), radix: 36)
            case 85..<92: return "http://" + popular[next(popular.count)] + path
            default: return risky[next(risky.count)]
            }
        }
    }
}
