/// Judges a URL: parses it as a browser would, divides its host with the Public Suffix List, applies
/// named heuristics and the risky-URL registry, and sums the weights into a score and a verdict.
///
/// Pure and fast (no I/O, no locks; the common safe URL makes a handful of allocations), so it can
/// run on every URL that enters the platform, collection's hot path included. The weights are
/// ``URLRiskReason/Code/weight``; a score of 30 is suspicious and 70 malicious, and a phishing,
/// malware or scam listing with a confidence of at least one half is malicious whatever the score.
public struct URLAnalyzer: Sendable {
    public let settings: URLRiskSettings

    public init(settings: URLRiskSettings = URLRiskSettings()) {
        self.settings = settings
    }

    /// Judges `text`; text that is not a URL is `invalid_url` (suspicious).
    public func assess(_ text: String, registry: RiskyURLIndex = .empty, now: Int64 = 0) -> URLAssessment {
        switch URLParser.parse(text) {
        case .success(let url):
            return assess(url, registry: registry, now: now)
        case .failure(let error):
            let reasons = [URLRiskReason(.invalidURL, detail: error.rawValue)]
            return URLAssessment(
                url: nil, error: error, split: nil, isProtected: false, verdict: URLVerdict(score: reasons[0].weight), score: reasons[0].weight,
                reasons: reasons, listings: [])
        }
    }

    /// Judges a parsed URL.
    public func assess(_ url: ParsedURL, registry: RiskyURLIndex = .empty, now: Int64 = 0) -> URLAssessment {
        var reasons: [URLRiskReason] = []
        switch url.scheme {
        case "http", "https", "mailto", "tel", "sms", "ws", "wss", "ftp": break
        case "javascript", "vbscript": reasons.append(URLRiskReason(.javascriptScheme, detail: url.scheme))
        case "data": reasons.append(URLRiskReason(.dataScheme))
        case "file": reasons.append(URLRiskReason(.fileScheme))
        default: reasons.append(URLRiskReason(.unusualScheme, detail: url.scheme))
        }
        var split: PublicSuffixList.Split?
        var isProtected = false
        var hostText: String?
        switch url.host {
        case .domain(let ascii, let unicode)?:
            hostText = ascii
            var copy = ascii
            copy.withUTF8 { bytes in
                split = settings.publicSuffixes.split(bytes)
                isProtected = checkDomain(bytes, unicode: unicode == ascii ? nil : unicode, split: split, into: &reasons)
            }
        case .ipv4(let address, let dotted)?:
            hostText = URLHost.dotted(address)
            reasons.append(URLRiskReason(.ipAddressHost))
            if !dotted { reasons.append(URLRiskReason(.obfuscatedIPAddress)) }
            if Self.isPrivate(address) { reasons.append(URLRiskReason(.privateNetworkHost)) }
        case .ipv6(let groups)?:
            hostText = url.host?.serialized
            reasons.append(URLRiskReason(.ipAddressHost))
            if Self.isPrivate(groups) { reasons.append(URLRiskReason(.privateNetworkHost)) }
        default: break
        }
        if url.hasCredentials {
            reasons.append(URLRiskReason(looksLikeHost(url.username) || looksLikeHost(url.password ?? "") ? .deceptiveUserinfo : .credentialsInURL))
        }
        if url.hostWasPercentEncoded { reasons.append(URLRiskReason(.percentEncodedHost)) }
        if url.port != nil, url.isSpecial { reasons.append(URLRiskReason(.unusualPort)) }
        if !isProtected, url.isSpecial { PathSignals.check(path: url.path, query: url.query, into: &reasons) }

        let listings = registry.matches(url, host: hostText, registrableDomainStart: split?.domainStart, now: now)
        for listing in listings {
            reasons.append(URLRiskReason(listing.category.reason, weight: listing.weight, detail: listing.source))
        }
        let score = min(100, reasons.reduce(0) { $0 + $1.weight })
        var verdict = URLVerdict(score: score)
        if listings.contains(where: { $0.category != .spam && $0.confidence >= 0.5 }) { verdict = .malicious }
        return URLAssessment(url: url, error: nil, split: split, isProtected: isProtected, verdict: verdict, score: score, reasons: reasons, listings: listings)
    }

    /// The host checks; returns whether the host is under a protected domain.
    /// - Parameter unicode: the host's Unicode form when it differs from the ASCII one.
    private func checkDomain(_ host: UnsafeBufferPointer<UInt8>, unicode: String?, split: PublicSuffixList.Split?, into reasons: inout [URLRiskReason]) -> Bool {
        guard let split else { return false }
        var end = host.count
        if end > 0, host[end - 1] == UInt8(ascii: ".") { end -= 1 }
        if !split.isListed {
            reasons.append(URLRiskReason(.unknownSuffix, detail: String(decoding: host[split.suffixStart..<end], as: UTF8.self)))
        }
        let tldStart = (split.suffixStart..<end).last { $0 == split.suffixStart || host[$0 - 1] == UInt8(ascii: ".") } ?? split.suffixStart
        if settings.suspiciousTLDTable.value(UnsafeBufferPointer(rebasing: host[tldStart..<end])) != nil {
            reasons.append(URLRiskReason(.suspiciousTLD, detail: String(decoding: host[tldStart..<end], as: UTF8.self)))
        }
        if let unicode {
            reasons.append(URLRiskReason(.internationalizedHost))
            for label in unicode.split(separator: ".") where UnicodeScripts.isMixedScript(label) {
                reasons.append(URLRiskReason(.mixedScript, detail: UnicodeScripts.scripts(of: label).sorted().joined(separator: "+")))
                break
            }
        }
        guard let domainStart = split.domainStart else { return false }
        let registrable = UnsafeBufferPointer(rebasing: host[domainStart..<end])
        if !settings.protectedDomains.isEmpty {
            if settings.protectedByDomain.value(registrable) != nil { return true }
            checkImitation(host, domainStart: domainStart, suffixStart: split.suffixStart, end: end, into: &reasons)
        }
        let label = UnsafeBufferPointer(rebasing: host[domainStart..<(split.suffixStart - 1)])
        if label.reduce(0, { $0 + ($1 == UInt8(ascii: "-") ? 1 : 0) }) >= 3 { reasons.append(URLRiskReason(.hyphenatedDomain)) }
        if domainStart > 0 {
            var labels = 1
            for index in 0..<(domainStart - 1) where host[index] == UInt8(ascii: ".") { labels += 1 }
            if labels >= settings.maximumSubdomainLabels { reasons.append(URLRiskReason(.deepSubdomain, detail: String(labels))) }
        }
        if settings.shortenerTable.value(registrable) != nil || settings.shortenerTable.value(UnsafeBufferPointer(rebasing: host[0..<end])) != nil {
            reasons.append(URLRiskReason(.urlShortener, detail: String(decoding: registrable, as: UTF8.self)))
        }
        return false
    }

    /// Look-alikes of protected domains: the same skeleton, the same name elsewhere, the name in a
    /// subdomain or inside another name.
    private func checkImitation(_ host: UnsafeBufferPointer<UInt8>, domainStart: Int, suffixStart: Int, end: Int, into reasons: inout [URLRiskReason]) {
        let labelBytes = UnsafeBufferPointer(rebasing: host[domainStart..<(suffixStart - 1)])
        if let index = settings.protectedByLabel.value(labelBytes) {
            reasons.append(URLRiskReason(.protectedNameOtherSuffix, detail: settings.protectedDomains[index]))
            return
        }
        // The registrable domain is not protected (checked before), so an equal skeleton is a look-alike.
        if let index = lookalike(host, domainStart: domainStart, suffixStart: suffixStart, end: end) {
            reasons.append(URLRiskReason(.lookalikeDomain, detail: settings.protectedDomains[index]))
            return
        }
        // The protected name as a subdomain label (`paypal.com.evil.example`, `paypal.evil.example`).
        var labelStart = 0
        var index = 0
        while index < domainStart {
            if host[index] == UInt8(ascii: ".") {
                if let found = settings.protectedByLabel.value(UnsafeBufferPointer(rebasing: host[labelStart..<index])) {
                    reasons.append(URLRiskReason(.protectedNameInSubdomain, detail: settings.protectedDomains[found]))
                    return
                }
                labelStart = index + 1
            }
            index += 1
        }
        // The protected name inside another name (`paypal-secure.com`, `mypaypal.net`).
        for (position, name) in settings.protectedLabels.enumerated() where name.utf8.count >= 4 && Self.contains(labelBytes, name) {
            reasons.append(URLRiskReason(.protectedNameInDomain, detail: settings.protectedDomains[position]))
            return
        }
    }

    /// The protected domain whose skeleton the registrable label (or the whole registrable
    /// domain) shares. ASCII labels are mapped on the stack; `xn--` labels decoded first.
    private func lookalike(_ host: UnsafeBufferPointer<UInt8>, domainStart: Int, suffixStart: Int, end: Int) -> Int? {
        let label = UnsafeBufferPointer(rebasing: host[domainStart..<(suffixStart - 1)])
        let isPunycode = label.count > 4 && label[0] == UInt8(ascii: "x") && label[1] == UInt8(ascii: "n") && label[2] == UInt8(ascii: "-") && label[3] == UInt8(ascii: "-")
        if !isPunycode {
            let registrable = UnsafeBufferPointer(rebasing: host[domainStart..<end])
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: registrable.count * Confusables.asciiExpansion) { buffer -> Int? in
                let labelLength = Confusables.asciiSkeleton(label, into: buffer)
                if let index = settings.protectedByLabelSkeletonBytes.value(UnsafeBufferPointer(rebasing: buffer[0..<labelLength])) { return index }
                let length = Confusables.asciiSkeleton(registrable, into: buffer)
                return settings.protectedBySkeletonBytes.value(UnsafeBufferPointer(rebasing: buffer[0..<length]))
            }
        }
        let unicodeLabel = Self.unicodeLabel(String(decoding: label, as: UTF8.self))
        return settings.protectedByLabelSkeleton[Confusables.skeleton(unicodeLabel)]
            ?? settings.protectedBySkeleton[Confusables.skeleton(unicodeLabel + "." + String(decoding: host[suffixStart..<end], as: UTF8.self))]
    }

    static func unicodeLabel(_ ascii: String) -> String {
        guard ascii.hasPrefix("xn--"), let decoded = Punycode.decode(String(ascii.dropFirst(4))) else { return ascii }
        return decoded
    }

    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard pattern.count <= haystack.count, let first = pattern.first else { return false }
        var index = 0
        while index + pattern.count <= haystack.count {
            if haystack[index] == first {
                var offset = 1
                while offset < pattern.count, haystack[index + offset] == pattern[offset] { offset += 1 }
                if offset == pattern.count { return true }
            }
            index += 1
        }
        return false
    }

    /// User names like `paypal.com` or `www.bank.example`: written to make the reader think the
    /// link goes there.
    private func looksLikeHost(_ text: String) -> Bool {
        guard text.contains("."), text.utf8.count <= 253 else { return false }
        let lowered = text.lowercased()
        guard let split = settings.publicSuffixes.split(lowered) else { return false }
        return split.isListed && split.domainStart != nil
    }

    static func isPrivate(_ address: UInt32) -> Bool {
        let first = address >> 24
        let second = (address >> 16) & 0xFF
        return first == 10 || first == 127 || first == 0 || (first == 172 && (16...31).contains(second)) || (first == 192 && second == 168)
            || (first == 169 && second == 254) || (first == 100 && (64...127).contains(second))
    }

    static func isPrivate(_ groups: [UInt16]) -> Bool {
        guard groups.count == 8 else { return false }
        if groups[0..<7].allSatisfy({ $0 == 0 }) { return groups[7] <= 1 }
        if groups[0..<5].allSatisfy({ $0 == 0 }), groups[5] == 0xFFFF {
            return isPrivate(UInt32(groups[6]) << 16 | UInt32(groups[7]))
        }
        return groups[0] & 0xFE00 == 0xFC00 || groups[0] & 0xFFC0 == 0xFE80
    }
}
