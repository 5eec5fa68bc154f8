/// A user-agent string split once into product tokens (`Name/1.2`) and parenthesised comments.
///
/// The fast path decides from these; anything it does not know makes it step aside for
/// uap-core's rules, so it answers only where it answers exactly as uap-core would.
struct UserAgentTokens {
    /// Product tokens outside parentheses, in order; a bare word has an empty version.
    var products: [(name: Substring, version: Substring)] = []
    /// The first parenthesised comment, split at `;` and trimmed (`Linux`, `Android 10`, …).
    var comment: [Substring] = []
    /// Parenthesised groups after the first (`KHTML, like Gecko`).
    var laterComments: [Substring] = []

    init(_ ua: Substring) {
        var index = ua.startIndex
        var sawComment = false
        while index < ua.endIndex {
            let character = ua[index]
            if character == " " {
                index = ua.index(after: index)
            } else if character == "(" {
                let start = ua.index(after: index)
                let end = ua[start...].firstIndex(of: ")") ?? ua.endIndex
                let inside = ua[start..<end]
                if sawComment {
                    laterComments.append(inside)
                } else {
                    sawComment = true
                    comment = inside.split(separator: ";").map { Self.trimmed($0) }
                }
                index = end < ua.endIndex ? ua.index(after: end) : end
            } else {
                let end = ua[index...].firstIndex { $0 == " " || $0 == "(" } ?? ua.endIndex
                let word = ua[index..<end]
                if let slash = word.firstIndex(of: "/") {
                    products.append((word[..<slash], word[word.index(after: slash)...]))
                } else {
                    products.append((word, ""))
                }
                index = end
            }
        }
    }

    /// The version of product `name`, or nil when the string has no such token.
    func version(of name: String) -> Substring? {
        products.first { $0.name == name }?.version
    }

    /// True when a comment item starts with `prefix`.
    func commentHas(prefix: String) -> Bool {
        comment.contains { $0.hasPrefix(prefix) }
    }

    /// The rest of the first comment item that starts with `prefix`.
    func commentValue(after prefix: String) -> Substring? {
        guard let item = comment.first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return item.dropFirst(prefix.count)
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}

extension Substring {
    /// The first two dot- (or underscore-) separated numeric parts: `"17_4_1"` → `("17", "4")`.
    var versionParts: (major: String?, minor: String?) {
        let parts = split(omittingEmptySubsequences: false) { $0 == "." || $0 == "_" }
        func number(_ index: Int) -> String? {
            guard index < parts.count else { return nil }
            let digits = parts[index].prefix { $0.isASCII && $0.isNumber }
            return digits.isEmpty ? nil : String(digits)
        }
        return (number(0), number(1))
    }
}
