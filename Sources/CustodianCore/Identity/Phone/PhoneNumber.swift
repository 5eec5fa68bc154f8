/// A telephone number that is valid in its region's numbering plan, normalised to E.164.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// `+` country calling code national number, e.g. `+442079460958`; also the blind-index key.
    public let e164: String
    /// The country calling code, e.g. 44.
    public let countryCode: Int
    /// The national significant number (no national prefix), e.g. `2079460958`; leading zeros kept.
    public let nationalNumber: String
    /// The ISO 3166 region, e.g. `GB`, or `001` for non-geographic numbers (+800 and the like).
    public let region: String
    /// What the numbering plan says the number is.
    public let type: PhoneNumberType

    public var description: String { e164 }

    public init(countryCode: Int, nationalNumber: String, region: String, type: PhoneNumberType) {
        self.e164 = "+\(countryCode)\(nationalNumber)"
        self.countryCode = countryCode
        self.nationalNumber = nationalNumber
        self.region = region
        self.type = type
    }
}

/// The kinds of number a numbering plan distinguishes (libphonenumber's `PhoneNumberType`).
public enum PhoneNumberType: String, Sendable, CaseIterable, Codable {
    case fixedLine = "fixed_line"
    case mobile
    /// Where the plan cannot tell fixed lines and mobiles apart (the US, for one).
    case fixedLineOrMobile = "fixed_line_or_mobile"
    case tollFree = "toll_free"
    case premiumRate = "premium_rate"
    case sharedCost = "shared_cost"
    case voip
    case personalNumber = "personal_number"
    case pager
    /// Universal access number.
    case uan
    case voicemail
}
