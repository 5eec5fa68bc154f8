/// Finds the links in free text (a contact message, a comment) the way chat clients and mail
/// readers turn text into links: `scheme://…`, `www.…`, `javascript:`/`data:` at a word's start,
/// and bare host names whose top-level domain is a listed ICANN suffix (`evil.example.com/login`).
///
/// A link ends at white space, `<`, `>`, `"` or a back-tick; trailing punctuation (`.,;:!?'`) and
/// a closing bracket with no opening one inside the link are not part of it. Email addresses are
/// not links. At most `limit` links are returned, in order.
public struct URLExtractor: Sendable {
    public let publicSuffixes: PublicSuffixList
    public let limit: Int

    public init(publicSuffixes: PublicSuffixList = .builtIn, limit: Int = 50) {
        self.publicSuffixes = publicSuffixes
        self.limit = limit
    }

    /// The links in `text`, as written.
    public func links(in text: String) -> [String] {
        var found: [String] = []
        for token in text.split(whereSeparator: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "`" }) {
            guard found.count < limit else { break }
            var word = Substring(token)
            // Leading punctuation people wrap links in: (https://…), 'www.…'.
            while let first = word.first, "([{'".contains(first) { word = word.dropFirst() }
            guard let link = link(in: word) else { continue }
            found.append(String(trimmed(link)))
        }
        return found
    }

    private func link(in word: Substring) -> Substring? {
        let lowered = word.lowercased()
        if let range = lowered.range(of: "://") {
            // Back up from :// over the scheme's letters.
            let offset = lowered.distance(from: lowered.startIndex, to: range.lowerBound)
            var start = word.index(word.startIndex, offsetBy: offset)
            while start > word.startIndex, let previous = word[word.index(before: start)...].first, previous.isASCII, previous.isLetter || previous == "+" || previous == "-" || previous == "." {
                start = word.index(before: start)
            }
            guard start < word.index(word.startIndex, offsetBy: offset) else { return nil }
            return word[start...]
        }
        if lowered.hasPrefix("www.") && lowered.count > 4 { return word }
        if lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:") || lowered.hasPrefix("data:") { return word }
        // A bare host: no @ (email), letters or digits first, a dot, and a listed top-level domain.
        guard !word.contains("@"), let first = word.first, first.isLetter || first.isNumber, word.contains(".") else { return nil }
        let hostEnd = word.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" || $0 == ":" } ?? word.endIndex
        let host = trimmed(word[..<hostEnd]).lowercased()
        guard host.contains("."), host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }),
              let tld = host.split(separator: ".").last, tld.count >= 2, tld.allSatisfy(\.isLetter) || tld.hasPrefix("xn--"),
              let ascii = DomainToASCII.convert(host)?.ascii, let split = publicSuffixes.split(ascii), split.isListed, !split.isPrivate,
              split.domainStart != nil
        else { return nil }
        return word
    }

    private func trimmed(_ link: Substring) -> Substring {
        var link = link
        while let last = link.last {
            if ".,;:!?'".contains(last) {
                link = link.dropLast()
            } else if let open = ["]": "[", ")": "(", "}": "{"][String(last)],
                      link.filter({ String($0) == open }).count < link.filter({ $0 == last }).count {
                link = link.dropLast()
            } else {
                break
            }
        }
        return link
    }
}
