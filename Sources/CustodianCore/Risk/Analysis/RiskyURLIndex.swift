/// What a risky-URL listing says is wrong with it.
public enum RiskyURLCategory: String, Sendable, Codable, CaseIterable {
    case phishing
    case malware
    case scam
    case spam

    var reason: URLRiskReason.Code {
        switch self {
        case .phishing: .listedPhishing
        case .malware: .listedMalware
        case .scam: .listedScam
        case .spam: .listedSpam
        }
    }
}

/// What a listing matches: one exact URL, one host, or a registrable domain with all its
/// subdomains.
public enum RiskyURLMatch: String, Sendable, Codable, CaseIterable {
    case url
    case host
    case domain
}

/// One listing as the analysis needs it (the store keeps the rest: who, when, history).
public struct RiskyURLListing: Sendable, Equatable {
    public var id: String
    public var match: RiskyURLMatch
    /// The normalised value: ``ParsedURL/registryKey`` for URLs, the ASCII host or domain otherwise.
    public var value: String
    public var category: RiskyURLCategory
    public var source: String
    /// 0…1: how sure the source is.
    public var confidence: Double
    /// Milliseconds since the epoch after which the listing no longer counts; nil for never.
    public var expiresAt: Int64?

    public init(id: String, match: RiskyURLMatch, value: String, category: RiskyURLCategory, source: String, confidence: Double, expiresAt: Int64?) {
        self.id = id
        self.match = match
        self.value = value
        self.category = category
        self.source = source
        self.confidence = confidence
        self.expiresAt = expiresAt
    }

    /// The points this listing adds.
    public var weight: Int { Int((Double(category.reason.weight) * max(0, min(1, confidence))).rounded()) }

    /// Normalises what an operator or a block list gives for `match`: a URL is parsed and keyed
    /// as the analysis keys URLs; a host or domain is parsed as a URL's host (so `EXAMPLE.com.`,
    /// `ex%61mple.com` and IDN forms all become one ASCII value). Nil when it cannot be read.
    public static func normalize(_ text: String, as match: RiskyURLMatch) -> String? {
        switch match {
        case .url:
            guard case .success(let url) = URLParser.parse(text), url.host != nil || !url.isSpecial else { return nil }
            return url.registryKey
        case .host, .domain:
            var hostText = Substring(text)
            // A whole URL given as a host or domain: take its host.
            if hostText.contains("/") || hostText.contains("@") {
                guard case .success(let url) = URLParser.parse(text), let host = url.host else { return nil }
                return trimmedDot(host.serialized)
            }
            hostText = hostText.drop { $0 == " " }
            guard !hostText.isEmpty, case .success(let url) = URLParser.parse("http://" + hostText + "/"), let host = url.host else { return nil }
            if match == .domain, !(host.domain != nil) { return nil }
            return trimmedDot(host.serialized)
        }
    }

    private static func trimmedDot(_ host: String) -> String {
        host.hasSuffix(".") ? String(host.dropLast()) : host
    }
}

/// The registry as the analysis reads it: every listing in force, by what it matches.
///
/// Built by the server from the store (and rebuilt when listings change); lookups are
/// allocation-free byte-table probes, so an empty or large registry costs a URL check the same.
public struct RiskyURLIndex: Sendable {
    private let listings: [RiskyURLListing]
    private let urls: [String: Int]
    private let hosts: ByteKeyTable<Int>
    private let domains: ByteKeyTable<Int>

    public static let empty = RiskyURLIndex([])

    /// Indexes `listings`; where several match the same value, the weightiest counts.
    public init(_ listings: [RiskyURLListing]) {
        self.listings = listings
        func stronger(_ a: Int, _ b: Int) -> Int { listings[b].weight > listings[a].weight ? b : a }
        var urls: [String: Int] = [:]
        var hostPairs: [(key: [UInt8], value: Int)] = []
        var domainPairs: [(key: [UInt8], value: Int)] = []
        for (index, listing) in listings.enumerated() {
            switch listing.match {
            case .url: urls[listing.value] = urls[listing.value].map { stronger($0, index) } ?? index
            case .host: hostPairs.append((Array(listing.value.utf8), index))
            case .domain: domainPairs.append((Array(listing.value.utf8), index))
            }
        }
        self.urls = urls
        self.hosts = ByteKeyTable(hostPairs, combine: stronger)
        self.domains = ByteKeyTable(domainPairs, combine: stronger)
    }

    /// The number of listings indexed.
    public var count: Int { listings.count }

    /// The listings that match `url` and are in force at `now`: its exact URL, its host, and the
    /// host or any parent domain down to (and including) the registrable domain.
    func matches(_ url: ParsedURL, host: String?, registrableDomainStart: Int?, now: Int64) -> [RiskyURLListing] {
        guard !listings.isEmpty else { return [] }
        var found: [RiskyURLListing] = []
        func add(_ index: Int?) {
            guard let index else { return }
            let listing = listings[index]
            if let expiry = listing.expiresAt, expiry <= now { return }
            if !found.contains(where: { $0.id == listing.id }) { found.append(listing) }
        }
        if !urls.isEmpty { add(urls[url.registryKey]) }
        guard hosts.count > 0 || domains.count > 0, var host else { return found }
        host.withUTF8 { whole in
            let bytes = whole.last == UInt8(ascii: ".") ? UnsafeBufferPointer(rebasing: whole.dropLast()) : whole
            add(hosts.value(bytes))
            guard domains.count > 0 else { return }
            // The host itself, then each parent domain down to the registrable domain.
            add(domains.value(bytes))
            guard let limit = registrableDomainStart else { return }
            var index = 0
            while index < limit {
                if bytes[index] == UInt8(ascii: ".") { add(domains.value(UnsafeBufferPointer(rebasing: bytes[(index + 1)...]))) }
                index += 1
            }
        }
        return found
    }
}
