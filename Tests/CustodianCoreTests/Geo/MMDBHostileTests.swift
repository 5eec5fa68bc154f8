import Testing
@testable import CustodianCore

@Suite("MaxMind DB reader: hostile and broken files")
struct MMDBHostileTests {
    func decode(_ bytes: [UInt8]) throws -> MMDBValue {
        try MMDBDecoder(bytes: bytes, base: 0, end: bytes.count).decode(at: 0)
    }

    @Test func truncatedValuesThrow() {
        let cases: [[UInt8]] = [
            [], [0x44, 0x61], [0x5D], [0x5E, 0x00], [0x68, 0x3F], [0xA3, 0x00], [0x00],
            [0xE1, 0x42, 0x61], [0x01, 0x04, 0x01], [0x20], [0x28, 0x00],
        ]
        for bytes in cases {
            #expect(throws: MMDBError.self, "\(bytes)") { try decode(bytes) }
        }
    }

    @Test func malformedValuesThrow() {
        let cases: [[UInt8]] = [
            [0x64, 0, 0, 0, 0],  // a 4-byte double
            [0x08, 0x08, 0, 0, 0, 0, 0, 0, 0, 0],  // an 8-byte float
            [0xA3, 1, 2, 3],  // a 3-byte uint16
            [0x02, 0x07],  // a boolean of value 2
            [0x00, 0x05],  // a data cache container
            [0x00, 0x06],  // an end marker
            [0x00, 0x00],  // extended type 7
            [0x00, 0xF0],  // unknown type 247
            [0x42, 0xC3, 0x28],  // invalid UTF-8
            [0xE1, 0xA1, 0x01, 0xA1, 0x01],  // a map key that is not a string
            [0x20, 0x02, 0x20, 0x00],  // a pointer to a pointer
        ]
        for bytes in cases {
            #expect(throws: MMDBError.self, "\(bytes)") { try decode(bytes) }
        }
    }

    @Test func pointerCyclesThrowInsteadOfRecursingForever() throws {
        // A map whose only value points back at the map.
        let bytes: [UInt8] = [0xE1, 0x41, 0x61, 0x20, 0x00]
        #expect(throws: MMDBError.self) { try decode(bytes) }
        let decoder = MMDBDecoder(bytes: bytes, base: 0, end: bytes.count)
        #expect(throws: MMDBError.self) { try decoder.value(at: 0, path: ["a"]) }
        #expect(try decoder.value(at: 0, path: ["a", "a", "a", "b"]) == nil)
    }

    @Test func pointerAmplificationRunsOutOfBudget() {
        // Each map holds two pointers to the previous one: 2^40 values from a few hundred bytes.
        var bytes: [UInt8] = MMDBEncoder.control(7, size: 0)
        var previous = 0
        for _ in 0..<40 {
            let start = bytes.count
            bytes += MMDBEncoder.control(11, size: 2) + MMDBEncoder.pointer(previous) + MMDBEncoder.pointer(previous)
            previous = start
        }
        let last = previous
        #expect(throws: MMDBError.self) { try MMDBDecoder(bytes: bytes, base: 0, end: bytes.count).decode(at: last) }
    }

    @Test func hugeClaimedSizesThrowWithoutAllocating() {
        #expect(throws: MMDBError.self) { try decode([0xFF, 0xFF, 0xFF, 0xFF]) }  // a map of 16.8M members
        #expect(throws: MMDBError.self) { try decode([0x1F, 0x04, 0xFF, 0xFF, 0xFF]) }  // an array
        #expect(throws: MMDBError.self) { try decode([0x5F, 0xFF, 0xFF, 0xFF, 0x61]) }  // a string
    }

    @Test func filesWithoutMetadataAreRejected() {
        #expect(throws: MMDBError.metadataNotFound) { try MMDBReader(bytes: []) }
        #expect(throws: MMDBError.metadataNotFound) { try MMDBReader(bytes: Array("not a database".utf8)) }
        #expect(throws: MMDBError.metadataNotFound) { try MMDBReader(bytes: Array(MMDBReader.metadataMarker.dropLast())) }
    }

    @Test func impossibleMetadataIsRejected() {
        func file(_ change: (inout [String: MMDBValue]) -> Void) -> [UInt8] {
            // A second marker after the first: the reader takes the last one.
            let writer = MMDBFixtures.writer()
            let bytes = writer.build()
            guard case .map(var members) = writer.metadataMap(nodeCount: 1) else { return [] }
            change(&members)
            var metadata = MMDBEncoder()
            metadata.write(.map(members))
            return bytes + MMDBReader.metadataMarker + metadata.output
        }
        let broken: [(inout [String: MMDBValue]) -> Void] = [
            { $0["record_size"] = .uint16(20) },
            { $0["ip_version"] = .uint16(5) },
            { $0["binary_format_major_version"] = .uint16(3) },
            { $0["node_count"] = .uint32(0) },
            { $0["node_count"] = .uint32(.max) },
            { $0["node_count"] = .string("7") },
            { $0["database_type"] = nil },
            { $0["build_epoch"] = nil },
        ]
        #expect(throws: Never.self) { try MMDBReader(bytes: file { _ in }) }
        for change in broken {
            #expect(throws: MMDBError.self) { try MMDBReader(bytes: file(change)) }
        }
    }

    @Test func aTreeThatLoopsMissesInsteadOfHanging() throws {
        // One node whose records both point back at itself: deeper than any address.
        var writer = MMDBWriter(ipVersion: 6, recordSize: 24)
        writer.usePointers = false
        let bytes = MMDBWriter.node(0, 0, recordSize: 24) + Array(repeating: 0, count: 16) + MMDBReader.metadataMarker
        var metadata = MMDBEncoder()
        metadata.write(writer.metadataMap(nodeCount: 1))
        let reader = try MMDBReader(bytes: bytes + metadata.output)
        #expect(reader.lookup("2001:db8::1") == nil)
        #expect(reader.country(of: "203.0.113.7") == nil)
    }

    @Test func recordsPointingPastTheDataSectionMiss() throws {
        let bytes = MMDBWriter.node(1 + 16 + 1_000, 1, recordSize: 24) + Array(repeating: 0, count: 16) + MMDBReader.metadataMarker
        var metadata = MMDBEncoder()
        metadata.write(MMDBWriter(ipVersion: 4).metadataMap(nodeCount: 1))
        let reader = try MMDBReader(bytes: bytes + metadata.output)
        #expect(reader.lookup("1.2.3.4") == nil)
        #expect(reader.lookup("200.2.3.4") == nil)
    }
}
