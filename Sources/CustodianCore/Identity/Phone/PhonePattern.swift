import Foundation

/// A libphonenumber pattern compiled for whole-string and prefix matching of ASCII digit strings.
struct PhonePattern: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable once made and documented as safe to use from
    // several threads at once; nothing here mutates it.
    private let whole: NSRegularExpression
    private let prefix: NSRegularExpression

    /// Compiles `pattern`; nil when ICU rejects it (the generated data is tested to compile).
    init?(_ pattern: String) {
        guard let whole = try? NSRegularExpression(pattern: "^(?:\(pattern))$"),
              let prefix = try? NSRegularExpression(pattern: "^(?:\(pattern))")
        else { return nil }
        self.whole = whole
        self.prefix = prefix
    }

    /// Whether the pattern matches all of `digits`.
    func matches(_ digits: String) -> Bool {
        whole.firstMatch(in: digits, range: NSRange(location: 0, length: digits.utf16.count)) != nil
    }

    /// The match of the pattern at the start of `digits` (libphonenumber's `lookingAt`).
    func prefixMatch(_ digits: String) -> NSTextCheckingResult? {
        prefix.firstMatch(in: digits, options: .anchored, range: NSRange(location: 0, length: digits.utf16.count))
    }

    /// `template` (`$1` back-references) filled in from `match` in `digits`.
    func replacement(for match: NSTextCheckingResult, in digits: String, template: String) -> String {
        prefix.replacementString(for: match, in: digits, offset: 0, template: template)
    }
}

/// A national number description compiled: its pattern and the lengths it allows.
struct CompiledNumberPattern: Sendable {
    let pattern: PhonePattern?
    let lengths: [Int]
    let localOnlyLengths: [Int]

    init(_ source: PhoneNumberPattern) {
        pattern = PhonePattern(source.pattern)
        lengths = source.lengths
        localOnlyLengths = source.localOnlyLengths
    }

    /// libphonenumber's `isNumberMatchingDesc`: an allowed length and a whole match.
    func matches(_ national: String) -> Bool {
        if !lengths.isEmpty, !lengths.contains(national.count) { return false }
        return pattern?.matches(national) ?? false
    }
}
