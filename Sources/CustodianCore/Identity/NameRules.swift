import Foundation

/// Why a name was refused; `code` is stable and reaches API clients as a field error.
public struct NameValidationError: Error, Sendable, Equatable {
    /// The stable reasons a name is refused.
    public enum Code: String, Sendable, CaseIterable {
        case required
        /// More user-perceived characters than the maximum.
        case tooLong = "too_long"
        /// A control, format-override, private-use or unassigned character.
        case invalidCharacter = "invalid_character"
        /// A combining mark with no letter to sit on (at the start, or after a space).
        case loneCombiningMark = "lone_combining_mark"
    }

    public let code: Code
    /// A short English explanation for people; not stable.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Normalises and checks people's names: NFC, trimmed, inner whitespace collapsed to one space.
///
/// Names are otherwise taken as given: any script, apostrophes, hyphens, digits, one word or many.
public struct NameRules: Sendable {
    /// Maximum length in user-perceived characters (grapheme clusters).
    public let maximumLength: Int

    public init(maximumLength: Int = 100) {
        self.maximumLength = max(1, maximumLength)
    }

    /// Bidirectional embedding, override and isolate controls: they can disguise how a name reads.
    private static let bidiControls: ClosedRange<UInt32> = 0x202A...0x202E
    private static let bidiIsolates: ClosedRange<UInt32> = 0x2066...0x2069

    /// The normalised name, or why it is refused.
    public func normalize(_ input: String) -> Result<String, NameValidationError> {
        let nfc = input.precomposedStringWithCanonicalMapping
        for scalar in nfc.unicodeScalars where Self.isForbidden(scalar) {
            return .failure(.init(.invalidCharacter, "The name holds an invisible or control character."))
        }
        // A mark at the very start, or one after whitespace (which Swift keeps in the whitespace's
        // Character, so collapsing whitespace would silently drop it).
        let startsWithMark = nfc.unicodeScalars.first.map(Self.isMark) ?? false
        let markOnSpace = nfc.contains { $0.isWhitespace && $0.unicodeScalars.contains(where: Self.isMark) }
        guard !startsWithMark, !markOnSpace else {
            return .failure(.init(.loneCombiningMark, "The name has an accent or mark with no letter to go on."))
        }
        let name = nfc.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !name.isEmpty else { return .failure(.init(.required, "A name is required.")) }
        guard name.count <= maximumLength else {
            return .failure(.init(.tooLong, "A name can be at most \(maximumLength) characters long."))
        }
        return .success(name)
    }

    /// Whitespace (tabs and newlines included) is not forbidden: it is collapsed to one space.
    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return false }
        if bidiControls.contains(scalar.value) || bidiIsolates.contains(scalar.value) { return true }
        switch scalar.properties.generalCategory {
        case .control, .privateUse, .unassigned, .surrogate: return true
        default: return false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }
}
