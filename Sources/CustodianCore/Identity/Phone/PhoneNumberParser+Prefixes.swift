import Foundation

extension PhoneNumberParser {
    /// Splits `digits` (after `+` or an international prefix) into a known country calling code
    /// of one to three digits and the rest; nil when no code is known.
    static func splitCountryCode(_ digits: String) -> Located? {
        guard digits.first != "0" else { return nil }
        for length in 1...3 where length <= digits.count {
            guard let cc = Int(digits.prefix(length)) else { return nil }
            if !PhoneMetadataTable.shared.regions(forCountryCode: cc).isEmpty {
                return Located(countryCode: cc, national: String(digits.dropFirst(length)))
            }
        }
        return nil
    }

    /// `digits` without the region's international prefix (`00`, `011`, …), or nil when it has none.
    static func stripInternationalPrefix(_ digits: String, plan: CompiledPhonePlan) -> String? {
        guard let idd = plan.internationalPrefix, let match = idd.prefixMatch(digits) else { return nil }
        let rest = String(digits.dropFirst(match.range.length))
        // A country calling code never starts with 0: then the prefix was part of a national number.
        guard !rest.isEmpty, rest.first != "0" else { return nil }
        return rest
    }

    /// A national-looking number that starts with the default region's own country code
    /// (`44 20 7946 0958` in GB), when reading it so makes a better number than not.
    static func splitDefaultCountryCode(_ digits: String, plan: CompiledPhonePlan) -> Located? {
        let code = String(plan.plan.cc)
        guard digits.hasPrefix(code) else { return nil }
        let potential = stripNationalPrefix(String(digits.dropFirst(code.count)), plan: plan)
        let better = !plan.matchesGeneral(digits) && plan.matchesGeneral(potential)
        guard better || plan.lengthCheck(digits) == .tooLong else { return nil }
        return Located(countryCode: plan.plan.cc, national: potential)
    }

    /// `national` without its national prefix (and carrier code), rewritten by the region's
    /// transform rule where it has one; unchanged when stripping would spoil a valid-looking number.
    static func stripNationalPrefix(_ national: String, plan: CompiledPhonePlan) -> String {
        guard let prefix = plan.nationalPrefixForParsing, let match = prefix.prefixMatch(national) else { return national }
        let viableBefore = plan.matchesGeneral(national)
        let lastGroup = match.range(at: match.numberOfRanges - 1)
        let rest = String(national.dropFirst(match.range.length))
        let result: String
        if let rule = plan.plan.ntr, !rule.isEmpty, match.numberOfRanges > 1, lastGroup.location != NSNotFound {
            result = prefix.replacement(for: match, in: national, template: rule) + rest
        } else {
            result = rest
        }
        if viableBefore, !plan.matchesGeneral(result) { return national }
        return result
    }

    /// The region a valid number belongs to among those sharing `countryCode`, or nil.
    static func region(of national: String, countryCode: Int, main: String) -> String? {
        let candidates = PhoneMetadataTable.shared.regions(forCountryCode: countryCode)
        guard candidates.count > 1 else { return candidates.first }
        for candidate in candidates {
            guard let plan = PhonePlanCache.plan(region: candidate) else { continue }
            if let leading = plan.leadingDigits {
                if leading.prefixMatch(national) != nil { return candidate }
            } else if plan.type(of: national) != nil {
                return candidate
            }
        }
        return nil
    }
}
