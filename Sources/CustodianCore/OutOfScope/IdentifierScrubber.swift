import Foundation

/// Removes a person's known identifiers (name, email address, phone number) from text that is
/// kept after they are erased, such as search keywords.
///
/// Matches are case-insensitive and whole-word: the full name and each of its words of three or
/// more letters, the email address and its local part, and any run of seven or more digits (with
/// spaces, dashes, dots, brackets or a plus) that is the end of the phone number. It cannot know
/// every way text may point to someone; the policy lint says so.
public struct IdentifierScrubber: Sendable {
    public static let replacement = "[removed]"
    let words: [String]
    let phoneDigits: [String]

    /// - Parameters:
    ///   - names: names as stored (e.g. "Ada Lovelace").
    ///   - emails: addresses as stored.
    ///   - phones: numbers in E.164.
    public init(names: [String] = [], emails: [String] = [], phones: [String] = []) {
        var words: [String] = []
        for name in names {
            words.append(name)
            words += name.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "-" }).map(String.init).filter { $0.count >= 3 }
        }
        for email in emails {
            words.append(email)
            if let local = email.split(separator: "@").first, local.count >= 3 { words.append(String(local)) }
        }
        // Longest first, so "Ada Lovelace" goes before "Ada" can split it.
        self.words = Array(Set(words.map { $0.lowercased() })).sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
        self.phoneDigits = phones.map { $0.filter(\.isNumber) }.filter { $0.count >= 7 }
    }

    /// Whether there is nothing to remove.
    public var isEmpty: Bool { words.isEmpty && phoneDigits.isEmpty }

    /// `text` with every identifier replaced by ``replacement``.
    public func scrub(_ text: String) -> String {
        var out = scrubPhones(text)
        for word in words { out = replaceWholeWord(word, in: out) }
        return out
    }

    private func replaceWholeWord(_ word: String, in text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: word, options: [.caseInsensitive]) {
            let before = range.lowerBound == rest.startIndex ? (result.last ?? " ") : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? " " : rest[range.upperBound]
            if Self.isWordCharacter(before) || Self.isWordCharacter(after) {
                result += rest[..<range.upperBound]
            } else {
                result += rest[..<range.lowerBound] + Self.replacement
            }
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    private func scrubPhones(_ text: String) -> String {
        guard !phoneDigits.isEmpty else { return text }
        var result = ""
        var run = ""
        func flush() {
            // A national form drops the country code and may add a trunk prefix (0 in the UK).
            let digits = String(run.filter(\.isNumber).drop { $0 == "0" })
            let matches = digits.count >= 7 && phoneDigits.contains { $0.hasSuffix(digits) || digits.hasSuffix($0) }
            if matches {
                // Keep the spaces around the run as they were.
                let leading = run.prefix { $0 == " " }
                let trailing = String(run.reversed().prefix { $0 == " " })
                result += leading + Self.replacement + trailing
            } else {
                result += run
            }
            run = ""
        }
        for character in text {
            if character.isNumber || "+-(). ".contains(character) {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }
}
