import Foundation

/// One region's numbering plan, as generated from libphonenumber's metadata.
struct PhoneRegionPlan: Sendable, Decodable {
    /// The country calling code.
    let cc: Int
    /// International (IDD) prefix pattern, e.g. `00` or `011`.
    let idd: String?
    /// National prefix for parsing: a pattern, possibly with groups that `ntr` rearranges.
    let npp: String?
    /// National prefix transform rule, an NSRegularExpression template (`$1`).
    let ntr: String?
    /// Leading digits that tell this region from others sharing its country code.
    let ld: String?
    /// Fixed line and mobile numbers share one pattern.
    let same: Bool?
    /// `general` plus one entry per number type that exists here (`PhoneNumberType` raw values).
    let types: [String: PhoneNumberPattern]
}

/// A national number pattern with the lengths it allows.
struct PhoneNumberPattern: Sendable, Decodable {
    let pattern: String
    /// Possible national number lengths, ascending; empty means those of the general description.
    let lengths: [Int]
    /// Lengths that are dialable only locally (without an area code).
    let localOnlyLengths: [Int]

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        pattern = try container.decode(String.self)
        lengths = try container.decode([Int].self)
        localOnlyLengths = container.isAtEnd ? [] : try container.decode([Int].self)
    }
}

/// All regions' plans, parsed once from the generated JSON on first use.
struct PhoneMetadataTable: Sendable, Decodable {
    /// Where the data came from, e.g. `libphonenumber via phonenumbers 9.0.43`.
    let source: String
    /// Country calling code → regions sharing it, the main region first.
    let countryCodes: [String: [String]]
    /// Region code → plan.
    let regions: [String: PhoneRegionPlan]
    /// Country calling code → plan, for non-geographic codes (region `001`).
    let nonGeographic: [String: PhoneRegionPlan]

    /// The table built into Custodian; empty only if the generated data were corrupt (tests check).
    static let shared: PhoneMetadataTable = {
        do {
            return try JSONDecoder().decode(PhoneMetadataTable.self, from: Data(json.utf8))
        } catch {
            return PhoneMetadataTable(source: "unreadable: \(error)", countryCodes: [:], regions: [:], nonGeographic: [:])
        }
    }()

    init(source: String, countryCodes: [String: [String]], regions: [String: PhoneRegionPlan], nonGeographic: [String: PhoneRegionPlan]) {
        self.source = source
        self.countryCodes = countryCodes
        self.regions = regions
        self.nonGeographic = nonGeographic
    }

    /// The regions using country calling code `cc`, main region first; empty when unassigned.
    func regions(forCountryCode cc: Int) -> [String] {
        countryCodes[String(cc)] ?? []
    }
}
