import Foundation

/// Validates email addresses against a practical subset of RFC 5321/5322 (with RFC 6531/6532 for
/// international addresses) and normalises them.
///
/// Accepted: `local@domain` where the local part is a dot-atom (ASCII `atext`, plus non-ASCII
/// letters, marks and digits) of at most 64 octets, and the domain is a host name of at least two
/// labels (see `EmailDomain`), the whole at most 254 octets with the domain in ASCII form.
/// Not accepted, on purpose: quoted local parts (`"john doe"@example.org`), comments, domain
/// literals (`user@[192.0.2.1]`), dotless domains (`user@localhost`) and a trailing root dot.
public struct EmailValidator: Sendable {
    /// RFC 5321 4.5.3.1.3 as corrected by erratum 1690: a path holds at most 254 octets of address.
    public static let maximumLength = 254
    /// RFC 5321 4.5.3.1.1.
    public static let maximumLocalPartLength = 64

    /// The non-alphanumeric ASCII characters RFC 5322 allows in an atom.
    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    public init() {}

    /// Checks `input` (surrounding whitespace ignored) and returns the normalised address.
    public func validate(_ input: String) -> Result<EmailAddress, EmailValidationError> {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(.init(.required, "An email address is required.")) }
        // Checked before anything else so that huge inputs cost nothing more.
        guard trimmed.utf8.count <= Self.maximumLength * 4 else { return .failure(tooLong) }

        // Split on scalars: "@" followed by a combining mark is one Character.
        let parts = trimmed.unicodeScalars.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            return .failure(.init(.invalidFormat, "An email address has the form name@example.org, with one @."))
        }
        let local = parts[0].precomposedStringWithCanonicalMapping
        guard !local.isEmpty, !parts[1].isEmpty else {
            return .failure(.init(.invalidFormat, "An email address has a name before the @ and a domain after it."))
        }
        guard local.utf8.count <= Self.maximumLocalPartLength else {
            return .failure(.init(.tooLong, "The part before the @ is longer than \(Self.maximumLocalPartLength) characters."))
        }
        if let problem = Self.localPartProblem(local) {
            return .failure(.init(.invalidFormat, problem))
        }
        switch EmailDomain.parse(parts[1]) {
        case .failure(let error):
            return .failure(error)
        case .success(let domain):
            guard local.utf8.count + 1 + domain.ascii.utf8.count <= Self.maximumLength else { return .failure(tooLong) }
            return .success(EmailAddress(localPart: local, domain: domain))
        }
    }

    private var tooLong: EmailValidationError {
        .init(.tooLong, "An email address can be at most \(Self.maximumLength) characters long.")
    }

    /// Why `local` is not a dot-atom, or nil when it is one.
    static func localPartProblem(_ local: String) -> String? {
        if local.hasPrefix("\"") {
            return "Quoted names before the @ are not accepted."
        }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") {
            return "The part before the @ cannot start or end with a dot, or have two dots in a row."
        }
        for scalar in local.unicodeScalars where scalar != "." && !isAtext(scalar) {
            return scalar.properties.isWhitespace
                ? "An email address cannot contain spaces."
                : "The part before the @ holds a character that is not allowed."
        }
        return nil
    }

    private static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || atextSymbols.contains(scalar)
        }
        switch scalar.properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
