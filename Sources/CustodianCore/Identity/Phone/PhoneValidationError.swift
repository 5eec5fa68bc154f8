/// Why a telephone number was refused; `code` is stable and reaches API clients as a field error.
public struct PhoneValidationError: Error, Sendable, Equatable {
    /// The stable reasons a number is refused.
    public enum Code: String, Sendable, CaseIterable {
        /// Nothing but whitespace was given.
        case required
        /// `+` or an international prefix followed by no known country calling code.
        case invalidCountryCode = "invalid_country_code"
        /// Fewer digits than any number of the region has.
        case tooShort = "too_short"
        /// More digits than any number of the region has.
        case tooLong = "too_long"
        /// Digits that the region's numbering plan does not allow, or characters that are not a number.
        case invalidNumber = "invalid_number"
        /// A national number with no default region, or a default region with no numbering plan.
        case unknownRegion = "unknown_region"
    }

    /// The stable code, e.g. `too_short`.
    public let code: Code
    /// A short English explanation for people; not stable.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
