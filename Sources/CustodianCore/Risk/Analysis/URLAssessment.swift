/// What the URL analysis found: the parsed URL, how its host divides, the verdict and why.
public struct URLAssessment: Sendable {
    /// The URL as a browser reads it; nil when the text is not a URL (see ``error``).
    public var url: ParsedURL?
    public var error: URLParseError?
    /// How the host divides under the Public Suffix List (domain hosts only).
    public var split: PublicSuffixList.Split?
    /// The host is, or is under, a protected domain.
    public var isProtected: Bool
    public var verdict: URLVerdict
    /// 0 (nothing found) … 100.
    public var score: Int
    public var reasons: [URLRiskReason]
    /// The registry listings that matched.
    public var listings: [RiskyURLListing]

    /// The host as the URL serialises it (ASCII; IPv6 in brackets); nil without one.
    public var host: String? {
        guard let host = url?.host else { return nil }
        let text = host.serialized
        return text.isEmpty ? nil : text
    }

    /// The host's Unicode form, when it is an internationalized domain.
    public var unicodeHost: String? {
        guard case .domain(_, let unicode)? = url?.host else { return nil }
        return unicode
    }

    private var domainHost: String? { url?.host?.domain }

    /// The public suffix (`co.uk`, `github.io`).
    public var suffix: String? {
        guard let host = domainHost, let split else { return nil }
        return PublicSuffixList.slice(host, from: split.suffixStart)
    }

    /// The registrable domain (`bbc.co.uk`); nil when the host is itself a public suffix.
    public var registrableDomain: String? {
        guard let host = domainHost, let start = split?.domainStart else { return nil }
        return PublicSuffixList.slice(host, from: start)
    }

    /// The label left of the suffix (`bbc`).
    public var domain: String? {
        guard let host = domainHost, let split, let start = split.domainStart else { return nil }
        return String(decoding: host.utf8.dropFirst(start).prefix(split.suffixStart - 1 - start), as: UTF8.self)
    }

    /// Everything left of the registrable domain (`www.news`); nil when there is nothing.
    public var subdomain: String? {
        guard let host = domainHost, let start = split?.domainStart, start > 1 else { return nil }
        return String(decoding: host.utf8.prefix(start - 1), as: UTF8.self)
    }

    /// Whether any reason has this code.
    public func has(_ code: URLRiskReason.Code) -> Bool { reasons.contains { $0.code == code.rawValue } }
}
