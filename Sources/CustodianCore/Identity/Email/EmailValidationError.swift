/// Why an email address was refused; `code` is stable and reaches API clients as a field error.
public struct EmailValidationError: Error, Sendable, Equatable {
    /// The stable reasons an address is refused.
    public enum Code: String, Sendable, CaseIterable {
        /// Nothing but whitespace was given.
        case required
        /// Over 254 octets in all, or a local part over 64 octets.
        case tooLong = "too_long"
        /// Not `local@domain`, or a local part that is not a dot-atom.
        case invalidFormat = "invalid_format"
        /// A domain that is not a well-formed host name (labels, lengths, top-level domain).
        case invalidDomain = "invalid_domain"
    }

    /// The stable code, e.g. `invalid_domain`.
    public let code: Code
    /// A short English explanation for people; not stable.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
