/// Why a password was refused; `code` is stable and reaches API clients as a field error.
public struct PasswordValidationError: Error, Sendable, Equatable {
    /// The stable reasons a password is refused.
    public enum Code: String, Sendable, CaseIterable {
        case required
        /// Fewer characters than the minimum.
        case tooShort = "too_short"
        /// More than the maximum number of UTF-8 bytes.
        case tooLong = "too_long"
        /// On the list of common passwords (compared case-insensitively).
        case tooCommon = "too_common"
    }

    public let code: Code
    /// A short English explanation for people; not stable.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The rules a new password must meet: length bounds and not being a common password.
///
/// Composition rules (a digit, a symbol, …) are left out on purpose, as NIST SP 800-63B advises.
/// The password itself is never changed or trimmed: what is checked is what gets hashed.
public struct PasswordRules: Sendable {
    /// The lowest minimum length allowed: the common-password list holds nothing shorter.
    public static let lowestMinimumLength = CommonPasswords.minimumLength

    /// Minimum length in user-perceived characters; at least `lowestMinimumLength`.
    public let minimumLength: Int
    /// Maximum length in UTF-8 bytes; the hashing layer handles bcrypt's own 72-byte limit.
    public let maximumBytes: Int

    public init(minimumLength: Int = 10, maximumBytes: Int = 1024) {
        self.minimumLength = max(minimumLength, Self.lowestMinimumLength)
        self.maximumBytes = max(maximumBytes, self.minimumLength)
    }

    /// Checks `password`; success carries nothing.
    public func validate(_ password: String) -> Result<Void, PasswordValidationError> {
        guard !password.isEmpty else { return .failure(.init(.required, "A password is required.")) }
        guard password.utf8.count <= maximumBytes else {
            return .failure(.init(.tooLong, "A password can be at most \(maximumBytes) bytes long."))
        }
        guard password.count >= minimumLength else {
            return .failure(.init(.tooShort, "A password needs at least \(minimumLength) characters."))
        }
        guard !CommonPasswords.contains(password) else {
            return .failure(.init(.tooCommon, "This password is one of the most commonly used; choose another."))
        }
        return .success(())
    }
}

/// Common passwords (Django's list), parsed on first use.
enum CommonPasswords {
    /// The generator leaves out shorter entries (scripts/generate-common-passwords.py).
    static let minimumLength = 8

    /// The lower-cased entries.
    static let all: Set<String> = Set(text.split(separator: "\n").map(String.init))

    /// Whether `password`, lower-cased, is on the list.
    static func contains(_ password: String) -> Bool {
        all.contains(password.lowercased())
    }
}
