import Testing
@testable import CustodianCore

/// SplitMix64: a seeded generator, so a failing fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("MaxMind DB reader: fuzzing")
struct MMDBFuzzTests {
    static let addresses = [
        "203.0.113.7", "198.51.100.1", "198.51.100.200", "10.1.2.3", "10.9.9.9", "192.0.2.1", "0.0.0.0",
        "255.255.255.255", "2001:db8::1", "2001:db8:1::1", "::ffff:10.1.2.3", "::", "ffff::1",
    ]

    /// Opens `bytes` and, when that works, looks up every address every way; must never trap.
    func exercise(_ bytes: [UInt8]) -> Int {
        guard let reader = try? MMDBReader(bytes: bytes) else { return 0 }
        var answers = 0
        for address in Self.addresses {
            if reader.lookup(address) != nil { answers += 1 }
            if reader.country(of: address) != nil { answers += 1 }
            if reader.location(of: address) != nil { answers += 1 }
        }
        return answers
    }

    @Test(arguments: [(6, 24), (4, 28), (6, 32)])
    func truncationsAndBitFlipsNeverTrap(layout: (ipVersion: Int, recordSize: Int)) {
        let original = MMDBFixtures.writer(ipVersion: layout.ipVersion, recordSize: layout.recordSize).build()
        #expect(exercise(original) > 0)
        var random = SplitMix64(state: UInt64(layout.ipVersion * 100 + layout.recordSize))
        for _ in 0..<1_500 {
            var bytes = original
            if Bool.random(using: &random) {
                bytes.removeLast(Int.random(in: 1...bytes.count, using: &random))
            }
            for _ in 0..<Int.random(in: 0...8, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
            }
            _ = exercise(bytes)
        }
    }

    @Test func everyPrefixOfAFileIsSafe() {
        let original = MMDBFixtures.writer(ipVersion: 6, recordSize: 28).build()
        for length in 0..<original.count {
            _ = exercise(Array(original[..<length]))
        }
    }

    @Test func randomBytesAfterAMarkerNeverTrap() {
        var random = SplitMix64(state: 7)
        for _ in 0..<2_000 {
            let noise = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let tree = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = exercise(tree + MMDBReader.metadataMarker + noise)
        }
    }
}
