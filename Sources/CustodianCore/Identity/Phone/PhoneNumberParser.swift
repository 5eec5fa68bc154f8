import Foundation

/// Parses telephone numbers as people type them, in national or international form, and checks
/// them against their region's numbering plan (libphonenumber's metadata and rules).
///
/// `+44 20 7946 0958`, `0044 20 7946 0958` (with a default region whose international prefix is
/// `00`) and `020 7946 0958` (default region GB) all give `+442079460958`.
public struct PhoneNumberParser: Sendable {
    /// The region code of non-geographic numbers (+800, +808, +870, +878, +881, +882, +883, +888, +979).
    public static let nonGeographicRegion = "001"
    /// libphonenumber's bounds on a national significant number and on the text read.
    static let minimumNationalLength = 2
    static let maximumNationalLength = 17
    static let maximumInputLength = 250

    /// ISO 3166 code of the region national numbers belong to; nil when only `+` numbers are read.
    public let defaultRegion: String?

    /// - Parameter defaultRegion: e.g. `GB`; any case. Unknown codes fail national numbers only.
    public init(defaultRegion: String? = nil) {
        let trimmed = defaultRegion?.trimmingCharacters(in: .whitespaces).uppercased()
        self.defaultRegion = trimmed?.isEmpty == false ? trimmed : nil
    }

    /// The regions with a numbering plan, sorted (about 245).
    public static var supportedRegions: [String] {
        PhoneMetadataTable.shared.regions.keys.sorted()
    }

    /// Parses and validates `input`.
    public func parse(_ input: String) -> Result<PhoneNumber, PhoneValidationError> {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(.init(.required, "A phone number is required.")) }
        guard trimmed.utf8.count <= Self.maximumInputLength else {
            return .failure(.init(.tooLong, "That is far too long for a phone number."))
        }
        guard let typed = PhoneInput(trimmed), !typed.digits.isEmpty else {
            return .failure(.init(.invalidNumber, "A phone number holds digits, spaces and punctuation only, with + at the start for the country code."))
        }
        return locate(typed).flatMap(validate)
    }

    /// A number split into country calling code and national number, before validation.
    struct Located: Sendable, Equatable {
        var countryCode: Int
        var national: String
    }

    /// Finds the country calling code and national number (libphonenumber's `parseHelper`).
    func locate(_ typed: PhoneInput) -> Result<Located, PhoneValidationError> {
        var located: Located
        var nationalPlan: CompiledPhonePlan?
        let defaultPlan = defaultRegion.flatMap { PhonePlanCache.plan(region: $0) }
        if typed.hasPlus {
            guard let found = Self.splitCountryCode(typed.digits) else { return .failure(unknownCountryCode) }
            located = found
        } else if let defaultPlan {
            if let afterPrefix = Self.stripInternationalPrefix(typed.digits, plan: defaultPlan) {
                guard let found = Self.splitCountryCode(afterPrefix) else { return .failure(unknownCountryCode) }
                located = found
            } else if let found = Self.splitDefaultCountryCode(typed.digits, plan: defaultPlan) {
                located = found
            } else {
                located = Located(countryCode: defaultPlan.plan.cc, national: typed.digits)
                nationalPlan = defaultPlan
            }
        } else {
            let message = defaultRegion == nil
                ? "Give the number in international form, starting with + and the country code."
                : "The default region is not one with a known numbering plan."
            return .failure(.init(.unknownRegion, message))
        }
        if nationalPlan == nil {
            // As libphonenumber: the default region's rules when it is the code's main region,
            // otherwise the main region's (GB's for +44 even with default region JE).
            let main = PhonePlanCache.mainPlan(countryCode: located.countryCode)
            nationalPlan = main?.region == defaultRegion ? defaultPlan : main?.plan
        }
        if let nationalPlan {
            let stripped = Self.stripNationalPrefix(located.national, plan: nationalPlan)
            switch nationalPlan.lengthCheck(stripped) {
            case .tooShort, .localOnly, .invalidLength: break
            case .possible, .tooLong: located.national = stripped
            }
        }
        return .success(located)
    }

    /// Checks lengths, finds the region among those sharing the code, and the number's type.
    func validate(_ located: Located) -> Result<PhoneNumber, PhoneValidationError> {
        let national = located.national
        guard national.count >= Self.minimumNationalLength else {
            return .failure(.init(.tooShort, "The number is too short."))
        }
        guard national.count <= Self.maximumNationalLength else {
            return .failure(.init(.tooLong, "The number is too long."))
        }
        guard let main = PhonePlanCache.mainPlan(countryCode: located.countryCode) else {
            return .failure(unknownCountryCode)
        }
        if let region = Self.region(of: national, countryCode: located.countryCode, main: main.region),
           let plan = region == Self.nonGeographicRegion ? main.plan : PhonePlanCache.plan(region: region),
           let type = plan.type(of: national) {
            return .success(PhoneNumber(countryCode: located.countryCode, nationalNumber: national, region: region, type: type))
        }
        switch main.plan.lengthCheck(national) {
        case .tooShort, .localOnly:
            return .failure(.init(.tooShort, "The number is too short; national numbers need their area code."))
        case .tooLong:
            return .failure(.init(.tooLong, "The number is too long."))
        case .possible, .invalidLength:
            return .failure(.init(.invalidNumber, "The number does not exist in its country's numbering plan."))
        }
    }

    private var unknownCountryCode: PhoneValidationError {
        .init(.invalidCountryCode, "The number does not start with a known country calling code.")
    }
}
