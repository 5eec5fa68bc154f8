import Foundation

/// Normalises and checks text people write: message subjects and bodies, survey answers,
/// survey titles and prompts.
///
/// Unicode NFC; line breaks become `\n`; leading and trailing whitespace is dropped. A single-line
/// text has every run of whitespace collapsed to one space. Control characters other than tab and
/// line feed are refused: they have no place in prose and can disguise what staff read.
public struct FreeTextRules: Sendable {
    /// The stable reasons a text is refused.
    public enum Problem: String, Error, Sendable, Equatable, CaseIterable {
        case required
        case tooLong = "too_long"
        case invalidCharacter = "invalid_character"
    }

    /// Maximum length in user-perceived characters (grapheme clusters).
    public let maximumLength: Int
    /// Whether line breaks are kept (a message body) or collapsed (a subject line).
    public let multiline: Bool

    public init(maximumLength: Int, multiline: Bool) {
        self.maximumLength = max(1, maximumLength)
        self.multiline = multiline
    }

    /// The normalised text, or why it is refused. Blank text is `required`.
    public func normalize(_ input: String) -> Result<String, Problem> {
        let nfc = input.precomposedStringWithCanonicalMapping
        for scalar in nfc.unicodeScalars where Self.isForbidden(scalar) {
            return .failure(.invalidCharacter)
        }
        let text: String
        if multiline {
            // "\r\n" is one Character in Swift, so both forms are caught by the newline test.
            let lines = nfc.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            let joined = lines.map { String($0) }.joined(separator: "\n")
            text = Self.trimmed(joined)
        } else {
            text = nfc.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        guard !text.isEmpty else { return .failure(.required) }
        guard text.count <= maximumLength else { return .failure(.tooLong) }
        return .success(text)
    }

    /// A sentence for people explaining `problem`.
    public func message(_ problem: Problem) -> String {
        switch problem {
        case .required: "Write something here."
        case .tooLong: "Write at most \(maximumLength) characters."
        case .invalidCharacter: "The text holds a control character."
        }
    }

    /// The check as a field problem at `field`, or the normalised text.
    public func check(_ input: String, field: String) -> Result<String, FieldProblem> {
        normalize(input).mapError { FieldProblem(field: field, code: $0.rawValue, message: message($0)) }
    }

    /// `text` without leading and trailing whitespace and newlines.
    private static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[first...last])
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.properties.generalCategory == .control else { return false }
        // Tab, line feed and carriage return (normalised above) are the only controls prose uses.
        return !(scalar == "\t" || scalar == "\n" || scalar == "\r")
    }
}

