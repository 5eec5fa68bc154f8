/// What the operator tells the URL analysis: the domains to protect from imitation, the top-level
/// domains to treat as suspicious, the shorteners, how deep a host may nest.
///
/// Built once at start-up (lists become byte tables and skeletons), then shared read-only.
public struct URLRiskSettings: Sendable {
    public let publicSuffixes: PublicSuffixList
    /// The protected registrable domains, ASCII (`paypal.com`), in the order given.
    public let protectedDomains: [String]
    public let suspiciousTLDs: [String]
    public let shorteners: [String]
    /// A host with this many labels or more below its registrable domain is `deep_subdomain`.
    public let maximumSubdomainLabels: Int

    let protectedByDomain: ByteKeyTable<Int>
    /// The protected domains' labels (`paypal`), ASCII, for subdomain and substring checks.
    let protectedLabels: [String]
    let protectedByLabel: ByteKeyTable<Int>
    /// Skeletons of the protected labels and of the whole protected domains.
    let protectedByLabelSkeleton: [String: Int]
    let protectedBySkeleton: [String: Int]
    /// The same skeletons as byte tables, for ASCII hosts (no string is made to ask).
    let protectedByLabelSkeletonBytes: ByteKeyTable<Int>
    let protectedBySkeletonBytes: ByteKeyTable<Int>
    let suspiciousTLDTable: ByteKeyTable<Bool>
    let shortenerTable: ByteKeyTable<Bool>

    /// Top-level domains much used for abuse in the reports of Spamhaus and Interisle (2023–2024),
    /// the default of `CUSTODIAN_SUSPICIOUS_TLDS`.
    public static let defaultSuspiciousTLDs = [
        "zip", "mov", "top", "xyz", "tk", "ml", "ga", "cf", "gq", "work", "click", "link", "country", "stream", "download", "loan",
        "racing", "review", "win", "bid", "men", "party", "date", "faith", "science", "accountant", "cricket", "trade", "webcam", "rest",
        "fit", "cyou", "buzz", "icu", "monster", "sbs", "cfd", "quest", "lol", "bond", "autos", "beauty", "hair", "makeup", "skin",
    ]

    /// Widely used URL shorteners: a shortened link hides where it leads.
    public static let defaultShorteners = [
        "bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "v.gd", "buff.ly", "rebrand.ly", "cutt.ly", "shorturl.at",
        "tiny.cc", "bit.do", "rb.gy", "t.ly", "s.id", "lnkd.in", "trib.al", "shorte.st", "adf.ly", "bl.ink", "soo.gd", "clck.ru", "qr.ae",
        "u.to", "x.co", "tr.im", "po.st", "mcaf.ee", "tiny.one", "short.io", "surl.li", "urlz.fr", "shorturl.com", "t2m.io", "s2r.co",
        "v.ht", "1url.com", "tny.im", "db.tt", "ift.tt", "dlvr.it", "wp.me", "amzn.to", "youtu.be", "fb.me", "linktr.ee", "smarturl.it",
    ]

    /// - Parameters:
    ///   - protectedDomains: domains whose look-alikes are flagged; any host under them is theirs.
    ///     Entries that are not domain names are left out (see ``rejectedProtectedDomains``).
    public init(
        publicSuffixes: PublicSuffixList = .builtIn, protectedDomains: [String] = [], suspiciousTLDs: [String] = defaultSuspiciousTLDs,
        shorteners: [String] = defaultShorteners, maximumSubdomainLabels: Int = 4
    ) {
        self.publicSuffixes = publicSuffixes
        var domains: [String] = []
        var rejected: [String] = []
        for entry in protectedDomains {
            guard let ascii = RiskyURLListing.normalize(entry, as: .domain) else {
                rejected.append(entry)
                continue
            }
            let registrable = publicSuffixes.registrableDomain(ascii) ?? ascii
            if !domains.contains(registrable) { domains.append(registrable) }
        }
        self.protectedDomains = domains
        self.rejectedProtectedDomains = rejected
        self.suspiciousTLDs = suspiciousTLDs.map { $0.lowercased().trimmingPrefixDot() }
        self.shorteners = shorteners.map { $0.lowercased() }
        self.maximumSubdomainLabels = max(1, maximumSubdomainLabels)

        var labels: [String] = []
        var labelSkeletons: [String: Int] = [:]
        var skeletons: [String: Int] = [:]
        for (index, domain) in domains.enumerated() {
            let split = publicSuffixes.split(domain)
            let labelEnd = split.map { $0.suffixStart - 1 } ?? domain.utf8.count
            let label = String(decoding: domain.utf8.prefix(max(0, labelEnd)), as: UTF8.self)
            labels.append(label)
            let unicode = DomainToASCII.convert(domain)?.unicode ?? domain
            let unicodeLabel = DomainToASCII.convert(label)?.unicode ?? label
            if labelSkeletons[Confusables.skeleton(unicodeLabel)] == nil { labelSkeletons[Confusables.skeleton(unicodeLabel)] = index }
            if skeletons[Confusables.skeleton(unicode)] == nil { skeletons[Confusables.skeleton(unicode)] = index }
        }
        protectedLabels = labels
        protectedByDomain = ByteKeyTable<Int>(domains.enumerated().map { (key: Array($0.element.utf8), value: $0.offset) }, combine: { first, _ in first })
        protectedByLabel = ByteKeyTable<Int>(labels.enumerated().map { (key: Array($0.element.utf8), value: $0.offset) }, combine: { first, _ in first })
        protectedByLabelSkeleton = labelSkeletons
        protectedBySkeleton = skeletons
        protectedByLabelSkeletonBytes = ByteKeyTable<Int>(labelSkeletons.map { (key: Array($0.key.utf8), value: $0.value) }, combine: min)
        protectedBySkeletonBytes = ByteKeyTable<Int>(skeletons.map { (key: Array($0.key.utf8), value: $0.value) }, combine: min)
        suspiciousTLDTable = ByteKeyTable<Bool>(self.suspiciousTLDs.map { (key: Array($0.utf8), value: true) })
        shortenerTable = ByteKeyTable<Bool>(self.shorteners.map { (key: Array($0.utf8), value: true) })
    }

    /// Protected-domain entries that are not domain names (start-up reports them).
    public let rejectedProtectedDomains: [String]
}

extension String {
    fileprivate func trimmingPrefixDot() -> String { hasPrefix(".") ? String(dropFirst()) : self }
}
