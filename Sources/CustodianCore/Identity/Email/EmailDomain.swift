import Foundation

/// A host name checked label by label, in both its Unicode and its ASCII (Punycode) form.
///
/// A practical subset of IDNA 2008: labels are lower-cased and NFC-normalised, then must be
/// letter-digit-hyphen in ASCII, or letters, marks and digits (plus inner hyphens) in Unicode.
/// The full IDNA tables (contextual rules, bidi rules, disallowed code points) are not applied.
struct EmailDomain: Sendable, Equatable {
    /// Lower-case Unicode NFC, labels joined by `.`.
    let unicode: String
    /// The same with every non-ASCII label as `xn--` Punycode.
    let ascii: String

    static let maximumLength = 253
    static let maximumLabelLength = 63

    /// Dots IDNA treats as label separators: full stop, ideographic, fullwidth and halfwidth.
    private static let dots: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// Checks `text`; the error explains the first problem found.
    static func parse(_ text: String) -> Result<EmailDomain, EmailValidationError> {
        let normalized = text.precomposedStringWithCanonicalMapping.lowercased()
        // Split on scalars: a dot followed by a combining mark is one Character.
        let labels = normalized.unicodeScalars.split(omittingEmptySubsequences: false) { dots.contains($0) }.map(String.init)
        guard labels.count >= 2 else {
            return .failure(.init(.invalidDomain, "The domain needs at least two labels, like example.org."))
        }
        var unicodeLabels: [String] = []
        var asciiLabels: [String] = []
        for label in labels {
            switch checkLabel(label) {
            case .success(let pair):
                unicodeLabels.append(pair.unicode)
                asciiLabels.append(pair.ascii)
            case .failure(let error):
                return .failure(error)
            }
        }
        if let tld = asciiLabels.last, tld.allSatisfy(\.isNumber) {
            return .failure(.init(.invalidDomain, "The top-level domain cannot be all digits."))
        }
        let ascii = asciiLabels.joined(separator: ".")
        guard ascii.utf8.count <= maximumLength else {
            return .failure(.init(.invalidDomain, "The domain is longer than \(maximumLength) characters."))
        }
        return .success(EmailDomain(unicode: unicodeLabels.joined(separator: "."), ascii: ascii))
    }

    private static func checkLabel(_ label: String) -> Result<(unicode: String, ascii: String), EmailValidationError> {
        guard !label.isEmpty else {
            return .failure(.init(.invalidDomain, "The domain has an empty label (two dots in a row, or a dot at an end)."))
        }
        guard !label.hasPrefix("-"), !label.hasSuffix("-") else {
            return .failure(.init(.invalidDomain, "A domain label cannot start or end with a hyphen."))
        }
        if label.unicodeScalars.allSatisfy(\.isASCII) {
            guard label.unicodeScalars.allSatisfy(isLDH) else {
                return .failure(.init(.invalidDomain, "A domain label may hold only letters, digits and hyphens."))
            }
            guard label.utf8.count <= maximumLabelLength else {
                return .failure(.init(.invalidDomain, "A domain label is longer than \(maximumLabelLength) characters."))
            }
            guard label.hasPrefix("xn--") else { return .success((label, label)) }
            // An A-label: it must decode to a proper U-label that encodes back to the same text.
            guard let decoded = Punycode.decode(String(label.dropFirst(4))),
                  !decoded.unicodeScalars.allSatisfy(\.isASCII),
                  // Compared as scalars: String equality would let an NFD label pass as NFC.
                  decoded.unicodeScalars.elementsEqual(decoded.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars),
                  case .success(let pair) = checkUnicodeLabel(decoded), pair.ascii == label
            else {
                return .failure(.init(.invalidDomain, "A domain label starting with xn-- is not valid Punycode."))
            }
            return .success(pair)
        }
        return checkUnicodeLabel(label)
    }

    private static func checkUnicodeLabel(_ label: String) -> Result<(unicode: String, ascii: String), EmailValidationError> {
        let scalars = Array(label.unicodeScalars)
        if let first = scalars.first, isMark(first) {
            return .failure(.init(.invalidDomain, "A domain label cannot start with a combining mark."))
        }
        guard scalars.allSatisfy({ isLDH($0) || isLetterMarkOrDigit($0) }) else {
            return .failure(.init(.invalidDomain, "A domain label may hold only letters, marks, digits and hyphens."))
        }
        // RFC 5891 4.2.3.1: "--" in the third and fourth positions is reserved (xn--, and future prefixes).
        if scalars.count >= 4, scalars[2] == "-", scalars[3] == "-" {
            return .failure(.init(.invalidDomain, "A domain label cannot have hyphens in its third and fourth positions."))
        }
        guard let encoded = Punycode.encode(label) else {
            return .failure(.init(.invalidDomain, "A domain label is too long."))
        }
        let ascii = "xn--" + encoded
        guard ascii.utf8.count <= maximumLabelLength else {
            return .failure(.init(.invalidDomain, "A domain label is longer than \(maximumLabelLength) characters in its ASCII form."))
        }
        return .success((label, ascii))
    }

    private static func isLDH(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-": true
        default: false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    private static func isLetterMarkOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .decimalNumber:
            true
        default:
            false
        }
    }
}
