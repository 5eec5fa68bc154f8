import Testing
@testable import CustodianCore

/// Every example number libphonenumber publishes, read back as libphonenumber reads it.
@Suite("Phone numbers: libphonenumber's examples")
struct PhoneExampleTests {
    struct Example: Sendable, CustomTestStringConvertible {
        let defaultRegion: String
        let kind: String
        let national: String?
        let international: String
        let e164: String?
        let region: String?
        let type: String?

        var testDescription: String { "\(defaultRegion) \(kind) \(international)" }
    }

    static let examples: [Example] = PhoneExamples.tsv.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0 == "-" ? nil : String($0) }
        guard fields.count == 7, let defaultRegion = fields[0], let kind = fields[1], let international = fields[3] else { return nil }
        return Example(defaultRegion: defaultRegion, kind: kind, national: fields[2], international: international,
                       e164: fields[4], region: fields[5], type: fields[6])
    }

    @Test func fixtureCoversEveryRegion() {
        #expect(Self.examples.count > 1300)
        let regions = Set(Self.examples.map(\.defaultRegion))
        #expect(regions.isSuperset(of: PhoneNumberParser.supportedRegions))
        #expect(Self.examples.filter { $0.kind == "invalid" }.count > 200)
    }

    @Test func validExamplesInInternationalForm() {
        var mismatches: [String] = []
        for example in Self.examples {
            let parsed = try? PhoneNumberParser().parse(example.international).get()
            let got = parsed.map { "\($0.e164) \($0.region) \($0.type.rawValue)" } ?? "invalid"
            let expected = example.e164.map { "\($0) \(example.region ?? "?") \(example.type ?? "?")" } ?? "invalid"
            if got != expected { mismatches.append("\(example.testDescription): got \(got), expected \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(30).joined(separator: "\n"))")
    }

    @Test func examplesInNationalFormWithDefaultRegion() {
        var mismatches: [String] = []
        for example in Self.examples {
            guard let national = example.national else { continue }
            let parsed = try? PhoneNumberParser(defaultRegion: example.defaultRegion).parse(national).get()
            if parsed?.e164 != example.e164 {
                mismatches.append("\(example.testDescription) as \(national): got \(parsed?.e164 ?? "invalid"), expected \(example.e164 ?? "invalid")")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(30).joined(separator: "\n"))")
    }

    @Test func everyPlanCompiles() {
        let broken = PhoneNumberParser.supportedRegions.filter { PhonePlanCache.plan(region: $0)?.compiledCompletely != true }
        #expect(broken.isEmpty)
        #expect(PhoneMetadataTable.shared.source.hasPrefix("libphonenumber"))
    }
}
