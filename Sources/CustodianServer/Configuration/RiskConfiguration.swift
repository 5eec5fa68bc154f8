import Configuration
import CustodianCore
import Foundation
import Synchronization

/// Security and fraud settings: URL analysis, the registry's refresh, rate limits, velocity.
///
/// | key | environment | default |
/// |---|---|---|
/// | `custodian.protected.domains` | `CUSTODIAN_PROTECTED_DOMAINS` | none (comma-separated domains whose look-alikes are flagged) |
/// | `custodian.suspicious.tlds` | `CUSTODIAN_SUSPICIOUS_TLDS` | ``URLRiskSettings/defaultSuspiciousTLDs`` |
/// | `custodian.url.shorteners` | `CUSTODIAN_URL_SHORTENERS` | ``URLRiskSettings/defaultShorteners`` |
/// | `custodian.max.subdomain.labels` | `CUSTODIAN_MAX_SUBDOMAIN_LABELS` | `4` |
/// | `custodian.public.suffix.list` | `CUSTODIAN_PUBLIC_SUFFIX_LIST` | Debian's `/usr/share/publicsuffix/public_suffix_list.dat` when present, else the built-in copy; `builtin` forces the copy |
/// | `custodian.risk.refresh.s` | `CUSTODIAN_RISK_REFRESH_S` | `30` (how often a node reloads the registry when another changed it) |
/// | `custodian.rate.limit.ip` | `CUSTODIAN_RATE_LIMIT_IP` | `100/s:400` per client address |
/// | `custodian.rate.limit.key` | `CUSTODIAN_RATE_LIMIT_KEY` | `1000/s:5000` per API key or session token |
/// | `custodian.rate.limit.forms` | `CUSTODIAN_RATE_LIMIT_FORMS` | `30/min:30` per client address on registration, sign-in, contact and password routes |
/// | `custodian.velocity.registrations` | `CUSTODIAN_VELOCITY_REGISTRATIONS` | `5/h` per network before a risk event |
/// | `custodian.velocity.contact` | `CUSTODIAN_VELOCITY_CONTACT` | `5/h` per network before a risk event |
/// | `custodian.velocity.comments` | `CUSTODIAN_VELOCITY_COMMENTS` | `20/h` per network before a risk event |
/// | `custodian.screen.collected.urls` | `CUSTODIAN_SCREEN_COLLECTED_URLS` | `true` (flag risky page URLs and referrers of collected events) |
/// | `custodian.velocity.failures` | `CUSTODIAN_VELOCITY_FAILURES` | `20/10min` refused calls per key or address before a risk event |
public struct RiskConfiguration: Sendable {
    public var protectedDomains: [String] = []
    public var suspiciousTLDs: [String] = URLRiskSettings.defaultSuspiciousTLDs
    public var urlShorteners: [String] = URLRiskSettings.defaultShorteners
    public var maximumSubdomainLabels = 4
    /// A Public Suffix List file; nil for the built-in copy.
    public var publicSuffixListFile: String? = RiskConfiguration.debianPublicSuffixList
    public var registryRefreshSeconds = 30
    public var ipLimit: RateLimit? = RateLimit(rate: 100, per: 1, burst: 400)
    public var keyLimit: RateLimit? = RateLimit(rate: 1_000, per: 1, burst: 5_000)
    public var formLimit: RateLimit? = RateLimit(rate: 30, per: 60, burst: 30)
    public var registrationVelocity = VelocityLimit(count: 5, windowSeconds: 3_600)
    public var contactVelocity = VelocityLimit(count: 5, windowSeconds: 3_600)
    public var commentVelocity = VelocityLimit(count: 20, windowSeconds: 3_600)
    public var failureVelocity = VelocityLimit(count: 20, windowSeconds: 600)
    /// Whether collection screens page URLs and referrers.
    public var screenCollectedURLs = true

    /// Where Debian's `publicsuffix` package puts the list; used when the file exists.
    public static let debianPublicSuffixList: String? = {
        let path = "/usr/share/publicsuffix/public_suffix_list.dat"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    public init() {}

    /// Reads the keys above from `config` (already scoped to `custodian`).
    public init(config: ConfigReader) throws {
        self.init()
        func list(_ key: String) -> [String]? {
            guard let text = config.string(forKey: ConfigKey(key)) else { return nil }
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        protectedDomains = list("protected.domains") ?? []
        suspiciousTLDs = list("suspicious.tlds") ?? suspiciousTLDs
        urlShorteners = list("url.shorteners") ?? urlShorteners
        maximumSubdomainLabels = config.int(forKey: "max.subdomain.labels", default: maximumSubdomainLabels)
        if let file = config.string(forKey: "public.suffix.list"), !file.isEmpty {
            publicSuffixListFile = file == "builtin" ? nil : file
        }
        registryRefreshSeconds = config.int(forKey: "risk.refresh.s", default: registryRefreshSeconds)
        screenCollectedURLs = config.bool(forKey: "screen.collected.urls", default: screenCollectedURLs)
        for (key, path) in [("rate.limit.ip", \RiskConfiguration.ipLimit), ("rate.limit.key", \.keyLimit), ("rate.limit.forms", \.formLimit)] {
            guard let text = config.string(forKey: ConfigKey(key)) else { continue }
            guard let limit = RateLimit(parsing: text) else {
                throw ConfigurationError.invalid("rate limit \(key) '\(text)' is not RATE/UNIT[:BURST] (like 100/s:400 or 30/min) or off")
            }
            self[keyPath: path] = limit.rate > 0 ? limit : nil
        }
        for (key, path) in [
            ("velocity.registrations", \RiskConfiguration.registrationVelocity), ("velocity.contact", \.contactVelocity),
            ("velocity.comments", \.commentVelocity), ("velocity.failures", \.failureVelocity),
        ] {
            guard let text = config.string(forKey: ConfigKey(key)) else { continue }
            guard let limit = VelocityLimit(parsing: text) else {
                throw ConfigurationError.invalid("velocity \(key) '\(text)' is not COUNT/WINDOW (like 5/h or 20/10min)")
            }
            self[keyPath: path] = limit
        }
        try validate()
    }

    public func validate() throws {
        guard (1...20).contains(maximumSubdomainLabels) else { throw ConfigurationError.invalid("max subdomain labels must be between 1 and 20") }
        guard (1...86_400).contains(registryRefreshSeconds) else { throw ConfigurationError.invalid("the risk refresh must be between 1 and 86400 seconds") }
    }

    /// Lists read from files, by path and content: a process that builds several applications
    /// (the tests) parses each once.
    private static let listCache = Mutex<[String: PublicSuffixList]>([:])

    /// The URL analysis these settings describe; reads the Public Suffix List file once.
    public func urlRiskSettings() throws -> URLRiskSettings {
        var suffixes = PublicSuffixList.builtIn
        if let file = publicSuffixListFile {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ConfigurationError.invalid("the Public Suffix List \(file) cannot be read")
            }
            let cacheKey = file + "#" + Hex.encode(Identifiers.secretDigest(text))
            let list = Self.listCache.withLock { $0[cacheKey] } ?? PublicSuffixList(text: text, version: file)
            guard list.ruleCount > 1_000 else { throw ConfigurationError.invalid("the Public Suffix List \(file) holds too few rules to be one") }
            Self.listCache.withLock { $0[cacheKey] = list }
            suffixes = list
        }
        let settings = URLRiskSettings(
            publicSuffixes: suffixes, protectedDomains: protectedDomains, suspiciousTLDs: suspiciousTLDs, shorteners: urlShorteners,
            maximumSubdomainLabels: maximumSubdomainLabels)
        if let bad = settings.rejectedProtectedDomains.first {
            throw ConfigurationError.invalid("protected domain '\(bad)' is not a domain name")
        }
        return settings
    }
}

/// A token bucket's settings: `rate` tokens every `per` seconds, at most `burst` saved up.
public struct RateLimit: Sendable, Equatable {
    public var rate: Double
    public var per: Double
    public var burst: Double

    public init(rate: Double, per: Double, burst: Double) {
        self.rate = rate
        self.per = per
        self.burst = max(1, burst)
    }

    /// Tokens per second.
    public var perSecond: Double { rate / per }

    /// `RATE/UNIT[:BURST]` (`100/s:400`, `30/min`, `1000/h`), or `off`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "off" || trimmed == "0" {
            self.init(rate: 0, per: 1, burst: 1)
            return
        }
        let parts = trimmed.split(separator: ":", maxSplits: 1)
        guard let first = parts.first else { return nil }
        let rateParts = first.split(separator: "/", maxSplits: 1)
        guard rateParts.count == 2, let rate = Double(rateParts[0]), rate > 0, let per = VelocityLimit.seconds(String(rateParts[1])) else { return nil }
        var burst = rate
        if parts.count == 2 {
            guard let given = Double(parts[1]), given >= 1 else { return nil }
            burst = given
        }
        self.init(rate: rate, per: per, burst: burst)
    }
}

/// How many events in what window make a velocity risk event.
public struct VelocityLimit: Sendable, Equatable {
    public var count: Int
    public var windowSeconds: Int

    public init(count: Int, windowSeconds: Int) {
        self.count = count
        self.windowSeconds = windowSeconds
    }

    /// `COUNT/WINDOW` (`5/h`, `20/10min`, `100/day`).
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let count = Int(parts[0]), count > 0, let window = Self.seconds(String(parts[1])), window >= 1 else { return nil }
        self.init(count: count, windowSeconds: Int(window))
    }

    /// `s`, `min`, `h`, `day`, optionally with a count first (`10min`).
    static func seconds(_ unit: String) -> Double? {
        let digits = unit.prefix { $0.isNumber }
        let multiplier = digits.isEmpty ? 1 : Double(digits) ?? 0
        let name = unit.dropFirst(digits.count)
        let base: Double
        switch name {
        case "s", "sec", "second": base = 1
        case "m", "min", "minute": base = 60
        case "h", "hour": base = 3_600
        case "d", "day": base = 86_400
        default: return nil
        }
        return multiplier > 0 ? multiplier * base : nil
    }
}
