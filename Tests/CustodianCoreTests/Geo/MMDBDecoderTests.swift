import Testing
@testable import CustodianCore

@Suite("MaxMind DB data section decoder")
struct MMDBDecoderTests {
    /// Decodes `bytes` as a section of its own, from offset 0.
    func decode(_ bytes: [UInt8], at offset: Int = 0) throws -> MMDBValue {
        try MMDBDecoder(bytes: bytes, base: 0, end: bytes.count).decode(at: offset)
    }

    func encoded(_ value: MMDBValue) -> [UInt8] {
        var encoder = MMDBEncoder()
        encoder.write(value)
        return encoder.output
    }

    static let values: [MMDBValue] = [
        .string(""), .string("Zürich"), .string(String(repeating: "x", count: 28)),
        .string(String(repeating: "y", count: 300)), .string(String(repeating: "z", count: 70_000)),
        .double(-0.13), .double(.infinity), .float(51.5), .bytes([]), .bytes([0, 1, 0xff]),
        .uint16(0), .uint16(0xffff), .uint32(1), .uint32(.max), .int32(0), .int32(-1), .int32(.min), .int32(.max),
        .uint64(.max), .uint128(high: 0, low: 0), .uint128(high: 1, low: 2), .uint128(high: .max, low: .max),
        .boolean(true), .boolean(false), .array([]), .array([.uint16(1), .string("a"), .array([.boolean(true)])]),
        .map([:]), .map(["en": .string("Germany"), "geoname_id": .uint32(2_921_044)]),
    ]

    @Test(arguments: values)
    func everyTypeRoundTrips(value: MMDBValue) throws {
        #expect(try decode(encoded(value)) == value)
    }

    @Test func knownEncodingsFromTheSpec() throws {
        // uint16 with one payload byte, a string of 29+ bytes, extended int32s, a uint32 and a boolean.
        #expect(try decode([0xA1, 0x2A]) == .uint16(42))
        #expect(try decode([0x5D, 0x01] + Array(repeating: 0x61, count: 30)) == .string(String(repeating: "a", count: 30)))
        #expect(try decode([0x04, 0x01, 0x01, 0x00, 0x00, 0x00]) == .int32(16_777_216))
        #expect(try decode([0x02, 0x01, 0x01, 0x00]) == .int32(256))
        #expect(try decode([0x04, 0x01, 0xFF, 0xFF, 0xFF, 0xFE]) == .int32(-2))
        #expect(try decode([0xC2, 0x01, 0x00]) == .uint32(256))
        #expect(try decode([0x01, 0x07]) == .boolean(true))
    }

    @Test(arguments: [5, 3_000, 600_000])
    func pointersOfEachSizeReachTheirTarget(target: Int) throws {
        let pointer = MMDBEncoder.pointer(target)
        var bytes = pointer + Array(repeating: 0, count: target - pointer.count)
        bytes += encoded(.string("target"))
        #expect(try decode(bytes) == .string("target"))
    }

    @Test func theFourByteFormPointsAnywhere() throws {
        // A 32-bit pointer ignores the control byte's low bits.
        let bytes: [UInt8] = [0x3F, 0x00, 0x00, 0x00, 0x06, 0x00] + encoded(.uint16(7))
        #expect(try decode(bytes) == .uint16(7))
    }

    @Test func pointersCountFromTheSectionBase() throws {
        let bytes: [UInt8] = [0xFF, 0xFF] + encoded(.string("a")) + [0x20, 0x00]
        let decoder = MMDBDecoder(bytes: bytes, base: 2, end: bytes.count)
        #expect(try decoder.decode(at: 4) == .string("a"))
    }

    @Test func writerPointsToRepeatedStrings() throws {
        var encoder = MMDBEncoder(usePointers: true)
        let value = MMDBValue.array([.map(["en": .string("x")]), .map(["en": .string("x")])])
        encoder.write(value)
        #expect(encoder.output.count < encoded(value).count)
        #expect(try decode(encoder.output) == value)
    }

    @Test func pathLookupSkipsOtherMembers() throws {
        let record = MMDBFixtures.country("GB", "United Kingdom", latitude: 51.5)
        var encoder = MMDBEncoder(usePointers: true)
        encoder.write(.array([]))
        let start = encoder.output.count
        encoder.write(record)
        let decoder = MMDBDecoder(bytes: encoder.output, base: 0, end: encoder.output.count)
        #expect(try decoder.value(at: start, path: ["country", "iso_code"]) == .string("GB"))
        #expect(try decoder.value(at: start, path: ["location", "latitude"]) == .double(51.5))
        #expect(try decoder.value(at: start, path: ["country", "missing"]) == nil)
        #expect(try decoder.value(at: start, path: ["country", "iso_code", "deeper"]) == nil)
        #expect(try decoder.value(at: start, path: []) == record)
    }
}
