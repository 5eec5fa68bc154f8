import Foundation
import Synchronization

/// A region's numbering plan with its patterns compiled, made once per region on first use.
struct CompiledPhonePlan: Sendable {
    let plan: PhoneRegionPlan
    let general: CompiledNumberPattern?
    let types: [(PhoneNumberType, CompiledNumberPattern)]
    let internationalPrefix: PhonePattern?
    let nationalPrefixForParsing: PhonePattern?
    let leadingDigits: PhonePattern?

    /// The order libphonenumber tries types in; fixed line and mobile come last and are special.
    private static let precedence: [PhoneNumberType] = [
        .premiumRate, .tollFree, .sharedCost, .voip, .personalNumber, .pager, .uan, .voicemail, .fixedLine, .mobile,
    ]

    init(_ plan: PhoneRegionPlan) {
        self.plan = plan
        general = plan.types["general"].map(CompiledNumberPattern.init)
        types = Self.precedence.compactMap { type in
            plan.types[type.rawValue].map { (type, CompiledNumberPattern($0)) }
        }
        internationalPrefix = plan.idd.flatMap(PhonePattern.init)
        nationalPrefixForParsing = plan.npp.flatMap(PhonePattern.init)
        leadingDigits = plan.ld.flatMap(PhonePattern.init)
    }

    /// Whether every pattern of the plan compiled (a check on the generated data).
    var compiledCompletely: Bool {
        (plan.types["general"] == nil || general?.pattern != nil)
            && types.allSatisfy { $0.1.pattern != nil }
            && (plan.idd == nil || internationalPrefix != nil)
            && (plan.npp == nil || nationalPrefixForParsing != nil)
            && (plan.ld == nil || leadingDigits != nil)
    }

    /// Whether `national` fits the plan's general pattern (any type).
    func matchesGeneral(_ national: String) -> Bool {
        general?.pattern?.matches(national) ?? false
    }

    /// libphonenumber's `getNumberType`; nil when the number is not valid in this plan.
    func type(of national: String) -> PhoneNumberType? {
        guard general?.matches(national) == true else { return nil }
        var fixedLine = false
        var mobile = false
        for (type, pattern) in types {
            switch type {
            case .fixedLine: fixedLine = pattern.matches(national)
            case .mobile: mobile = pattern.matches(national)
            default: if pattern.matches(national) { return type }
            }
        }
        let same = plan.same ?? false
        if fixedLine { return same || mobile ? .fixedLineOrMobile : .fixedLine }
        if mobile, !same { return .mobile }
        return nil
    }

    /// How a national number's length compares with the plan's possible lengths.
    func lengthCheck(_ national: String) -> PhoneLengthCheck {
        guard let general, let minimum = general.lengths.first, let maximum = general.lengths.last else {
            return .invalidLength
        }
        let length = national.count
        if general.localOnlyLengths.contains(length) { return .localOnly }
        if length < minimum { return .tooShort }
        if length > maximum { return .tooLong }
        return general.lengths.contains(length) ? .possible : .invalidLength
    }
}

/// libphonenumber's `ValidationResult` for lengths.
enum PhoneLengthCheck: Sendable, Equatable {
    case possible, localOnly, tooShort, tooLong, invalidLength
}

/// Compiled plans by key, shared by all parsers; compiling costs about a millisecond a region.
enum PhonePlanCache {
    private static let plans = Mutex<[String: CompiledPhonePlan]>([:])

    /// The compiled plan of `region` (ISO code), or nil when there is no such region.
    static func plan(region: String) -> CompiledPhonePlan? {
        cached(key: region) { PhoneMetadataTable.shared.regions[region] }
    }

    /// The compiled plan of non-geographic country calling code `cc` (region `001`).
    static func plan(nonGeographic cc: Int) -> CompiledPhonePlan? {
        cached(key: "001/\(cc)") { PhoneMetadataTable.shared.nonGeographic[String(cc)] }
    }

    /// The plan that owns country calling code `cc`: its main region's, or the non-geographic one.
    static func mainPlan(countryCode cc: Int) -> (region: String, plan: CompiledPhonePlan)? {
        guard let main = PhoneMetadataTable.shared.regions(forCountryCode: cc).first else { return nil }
        if main == PhoneNumberParser.nonGeographicRegion {
            return plan(nonGeographic: cc).map { (main, $0) }
        }
        return plan(region: main).map { (main, $0) }
    }

    private static func cached(key: String, source: () -> PhoneRegionPlan?) -> CompiledPhonePlan? {
        if let hit = plans.withLock({ $0[key] }) { return hit }
        guard let plan = source() else { return nil }
        // Compiled outside the lock: two threads may both compile a plan once, which is harmless.
        let compiled = CompiledPhonePlan(plan)
        plans.withLock { $0[key] = compiled }
        return compiled
    }
}
