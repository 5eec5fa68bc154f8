import Testing

@testable import CustodianCore

@Suite("JSON parser")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5e1, true, false, null], "b": "x\u00e9\n\"", "c": {}} "#)
        #expect(value["a"] == .array([.number(1), .number(-25), .bool(true), .bool(false), .null]))
        #expect(value["b"] == .string("xé\n\""))
        #expect(value["c"] == .object([:]))
    }

    @Test func readsNumbersByBothPaths() throws {
        // Whole numbers are summed directly; the rest go through strtod.
        #expect(try parse("[0, -42, 9007199254740993, 123456789012345678, 1e2, -0.5, 19.99, 2.5E-3]") == .array([
            .number(0), .number(-42), .number(9_007_199_254_740_993), .number(123_456_789_012_345_678), .number(100),
            .number(-0.5), .number(19.99), .number(0.0025),
        ]))
    }

    @Test func joinsSurrogatePairsAndRefusesLoneOnes() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(throws: JSONParser.Failure.self) { try parse(#""\ud83d""#) }
        #expect(throws: JSONParser.Failure.self) { try parse(#""\ude00x""#) }
    }

    @Test func refusesInvalidUTF8AndControlCharacters() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0x01, 0x22]) }
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "{\"a\":1}x", "NaN", "1e999", "'a'"])
    func refusesMalformedText(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }

    @Test func stopsAtTheNestingLimit() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(deep.utf8), maxDepth: 32) }
        let fine = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(try JSONParser.parse(Array(fine.utf8), maxDepth: 32).depth == 10)
    }

    @Test func writesCompactSortedText() throws {
        let value = try parse(#"{"b": [1, 2.5, "q\""], "a": null}"#)
        #expect(value.jsonText == #"{"a":null,"b":[1,2.5,"q\""]}"#)
    }
}

@Suite("ISO 8601 timestamps")
struct ISOTimestampTests {
    @Test func parsesUTCAndOffsets() {
        #expect(ISOTimestamp.millis("1970-01-01T00:00:00Z") == 0)
        #expect(ISOTimestamp.millis("2026-11-30T07:09:28.123Z") == 1_796_022_568_123)
        #expect(ISOTimestamp.millis("2026-11-30T08:09:28.123+01:00") == 1_796_022_568_123)
        #expect(ISOTimestamp.millis("2024-02-29T00:00:00.5z") == 1_709_164_800_500)
    }

    @Test(arguments: ["2026-11-30", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30T07:09:28", "2026-11-30T07:09:28.Z", "2026-11-30T07:09:28+0100", "x"])
    func refusesMalformed(_ text: String) {
        #expect(ISOTimestamp.millis(text) == nil)
    }

    @Test func roundTrips() {
        for millis: Int64 in [0, 1_796_022_568_123, 951_782_400_000, -86_400_000] {
            #expect(ISOTimestamp.millis(ISOTimestamp.string(millis)) == millis)
        }
        #expect(ISOTimestamp.day(1_796_022_568_123) == "2026-11-30")
        #expect(ISOTimestamp.monthStart(year: 2026, month: 12) == ISOTimestamp.millis("2026-12-01T00:00:00Z"))
        #expect(ISOTimestamp.yearMonth(of: 1_796_022_568_123) == (2026, 11))
    }
}
