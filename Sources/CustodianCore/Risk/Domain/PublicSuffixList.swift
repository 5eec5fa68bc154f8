/// The Public Suffix List: which parts of a host name are a public suffix (`co.uk`, `github.io`)
/// and so which is the registrable domain (`bbc.co.uk`, `alice.github.io`).
///
/// Follows the list's own algorithm (publicsuffix.org/list): the matching rule with the most labels
/// prevails, an exception rule (`!www.ck`) beats every other and leaves its leftmost label out,
/// a wildcard (`*.ck`) matches any one label, and a host no rule matches falls under the implicit
/// `*` (its last label is the suffix). A wildcard's base (`kobe.jp` for `*.kobe.jp`) is itself a
/// public suffix, as libpsl and the browsers treat it. Private rules (`github.io`) count like ICANN ones; the
/// answer says which section matched.
///
/// The list is parsed once into a byte-keyed table holding every rule and every suffix of a rule,
/// so a lookup walks labels from the right and stops at the first suffix the list does not know.
public struct PublicSuffixList: Sendable {
    /// Where the list came from (Debian's package version, or a file's description).
    public let version: String
    /// The number of rules read.
    public let ruleCount: Int
    private let table: ByteKeyTable<RuleFlags>

    struct RuleFlags: OptionSet, Sendable {
        let rawValue: UInt8
        /// The key is itself a rule.
        static let exact = RuleFlags(rawValue: 1)
        /// `*.key` is a rule.
        static let wildcard = RuleFlags(rawValue: 2)
        /// `!key` is a rule.
        static let exception = RuleFlags(rawValue: 4)
        static let exactPrivate = RuleFlags(rawValue: 8)
        static let wildcardPrivate = RuleFlags(rawValue: 16)
    }

    /// Reads a list in its published syntax: one rule a line (the first word), `//` comments, the
    /// `===BEGIN PRIVATE DOMAINS===` marker. Unicode rules are converted to their ASCII form with
    /// the same IDNA processing the URL parser applies to hosts; a rule that does not convert is
    /// left out and counted in `skipped`.
    public init(text: String, version: String) {
        var pairs: [(key: [UInt8], value: RuleFlags)] = []
        var isPrivate = false
        var rules = 0
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("//") {
                if line.contains("===BEGIN PRIVATE DOMAINS===") { isPrivate = true }
                if line.contains("===END PRIVATE DOMAINS===") { isPrivate = false }
                continue
            }
            guard let word = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first else { continue }
            var rule = Substring(word)
            var flag: RuleFlags = isPrivate ? [.exact, .exactPrivate] : .exact
            if rule.hasPrefix("!") {
                rule = rule.dropFirst()
                flag = .exception
            } else if rule.hasPrefix("*.") {
                // As libpsl and browsers read it, `*.foo` also makes `foo` itself a public suffix.
                rule = rule.dropFirst(2)
                flag = isPrivate ? [.wildcard, .wildcardPrivate, .exact, .exactPrivate] : [.wildcard, .exact]
            }
            guard let ascii = Self.asciiRule(rule) else { continue }
            rules += 1
            pairs.append((Array(ascii.utf8), flag))
            // Every shorter suffix becomes a node, so lookups know when to stop.
            var remainder = Substring(ascii)
            while let dot = remainder.firstIndex(of: ".") {
                remainder = remainder[remainder.index(after: dot)...]
                pairs.append((Array(remainder.utf8), []))
            }
        }
        self.version = version
        self.ruleCount = rules
        self.table = ByteKeyTable(pairs) { $0.union($1) }
    }

    /// The list compiled into Custodian (see `PublicSuffixList+Data.swift` for its date).
    public static let builtIn = PublicSuffixList(text: builtInRules, version: "built-in publicsuffix \(builtInVersion)")

    private static func asciiRule(_ rule: Substring) -> String? {
        if rule.utf8.allSatisfy({ $0 < 0x80 }) { return rule.lowercased() }
        return DomainToASCII.convert(String(rule))?.ascii
    }

    /// How a host divides: `suffixStart` is where its public suffix begins, `domainStart` where
    /// its registrable domain begins (nil when the host is itself a public suffix), as UTF-8
    /// offsets into the host.
    public struct Split: Sendable, Equatable {
        public var suffixStart: Int
        public var domainStart: Int?
        /// A rule of the list matched (not only the implicit `*`).
        public var isListed: Bool
        /// The prevailing rule is in the list's private section (`github.io`, `blogspot.com`).
        public var isPrivate: Bool
    }

    /// Splits a lower-case ASCII host (as the URL parser produces it); one trailing dot is
    /// ignored. Nil for an empty host or one that ends in an empty label.
    public func split(_ host: String) -> Split? {
        var copy = host
        return copy.withUTF8 { split($0) }
    }

    /// ``split(_:)`` on the host's bytes.
    public func split(_ bytes: UnsafeBufferPointer<UInt8>) -> Split? {
        var end = bytes.count
        if end > 0, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        guard end > 0, bytes[end - 1] != UInt8(ascii: ".") else { return nil }
        /// Where the label that ends just before `labelEnd` starts.
        func labelStart(endingAt labelEnd: Int) -> Int {
            var start = labelEnd
            while start > 0, bytes[start - 1] != UInt8(ascii: ".") { start -= 1 }
            return start
        }
        // Label starts from the right, as far as the list can match (and one more), on the stack:
        // a host has at most 127 labels.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 128) { starts -> Split? in
            var count = 0
            var matched = 0
            var matchedPrivate = false
            var listed = false
            var parent: RuleFlags = []
            var labelEnd = end
            while count < 128 {
                let start = labelStart(endingAt: labelEnd)
                starts[count] = start
                count += 1
                if count >= 2, parent.contains(.wildcard) {
                    matched = count
                    matchedPrivate = parent.contains(.wildcardPrivate)
                    listed = true
                }
                guard let flags = table.value(UnsafeBufferPointer(rebasing: bytes[start..<end])) else { break }
                if flags.contains(.exception) {
                    // The exception's own leftmost label is not part of the suffix.
                    matched = count - 1
                    matchedPrivate = parent.contains(.wildcardPrivate)
                    listed = true
                    break
                }
                if flags.contains(.exact) {
                    matched = count
                    matchedPrivate = flags.contains(.exactPrivate)
                    listed = true
                }
                parent = flags
                guard start > 0 else { break }
                labelEnd = start - 1
            }
            if matched == 0 { matched = 1 }
            while count <= matched, count < 128, starts[count - 1] > 0 {
                starts[count] = labelStart(endingAt: starts[count - 1] - 1)
                count += 1
            }
            let suffixStart = starts[matched - 1]
            var domainStart = count > matched ? starts[matched] : nil
            // An empty label before the suffix (`a..com`) is no registrable domain.
            if let start = domainStart, start == suffixStart - 1 { domainStart = nil }
            return Split(suffixStart: suffixStart, domainStart: domainStart, isListed: listed, isPrivate: matchedPrivate)
        }
    }

    /// The registrable domain of a lower-case ASCII host, or nil when it has none.
    public func registrableDomain(_ host: String) -> String? {
        guard let split = split(host), let start = split.domainStart else { return nil }
        return Self.slice(host, from: start)
    }

    /// The public suffix of a lower-case ASCII host.
    public func publicSuffix(_ host: String) -> String? {
        guard let split = split(host) else { return nil }
        return Self.slice(host, from: split.suffixStart)
    }

    static func slice(_ host: String, from offset: Int) -> String {
        var text = Substring(host.utf8.dropFirst(offset)).description
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
