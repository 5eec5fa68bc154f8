@testable import CustodianCore

/// Builds small MaxMind DB files for the reader's tests (issue 5: tests make their own database).
///
/// Insert broad networks before the narrower ones inside them: a network inserted later
/// replaces whatever lay under its prefix.
struct MMDBWriter {
    var ipVersion = 6
    var recordSize = 24
    var databaseType = "Custodian-Test-Country"
    var languages = ["en", "de"]
    var description = ["en": "Test database", "de": "Testdatenbank"]
    var buildEpoch: UInt64 = 1_700_000_000
    /// Repeated strings are written once and pointed to, as MaxMind's own writer does.
    var usePointers = true
    /// Bytes put at the start of the data section, so record values and pointers grow large.
    var dataPadding = 0

    private enum Record { case empty, node(Int), data(Int) }
    private var nodes: [[Record]] = [[.empty, .empty]]
    private var values: [MMDBValue] = []

    init(ipVersion: Int = 6, recordSize: Int = 24) {
        self.ipVersion = ipVersion
        self.recordSize = recordSize
    }

    /// Maps every address in `network` (e.g. `203.0.113.0/24`, `2001:db8::/32`) to `value`.
    mutating func insert(_ network: String, _ value: MMDBValue) {
        let parts = network.split(separator: "/")
        guard parts.count == 2, let address = MMDBAddress(String(parts[0])), var prefix = Int(parts[1]) else {
            preconditionFailure("not a network: \(network)")
        }
        var bits = address.bytes
        if case .v4 = address, ipVersion == 6 {
            bits = Array(repeating: 0, count: 12) + bits
            prefix += 96
        }
        precondition(prefix >= 1 && prefix <= bits.count * 8, "prefix out of range in \(network)")
        values.append(value)
        var node = 0
        for index in 0..<prefix {
            let bit = Int(bits[index >> 3] >> (7 - UInt8(index & 7))) & 1
            if index == prefix - 1 {
                nodes[node][bit] = .data(values.count - 1)
                break
            }
            switch nodes[node][bit] {
            case .node(let next):
                node = next
            case let leaf:
                // An empty or data record above the new network is split: both halves keep it.
                nodes.append([leaf, leaf])
                nodes[node][bit] = .node(nodes.count - 1)
                node = nodes.count - 1
            }
        }
    }

    /// The database file.
    func build() -> [UInt8] {
        var encoder = MMDBEncoder(usePointers: usePointers)
        if dataPadding > 0 { encoder.write(.bytes(Array(repeating: 0, count: dataPadding))) }
        var offsets: [MMDBValue: Int] = [:]
        var valueOffsets: [Int] = []
        for value in values {
            if let offset = offsets[value] {
                valueOffsets.append(offset)
            } else {
                offsets[value] = encoder.output.count
                valueOffsets.append(encoder.output.count)
                encoder.write(value)
            }
        }
        var file: [UInt8] = []
        for node in nodes {
            let records = node.map { record -> Int in
                switch record {
                case .empty: nodes.count
                case .node(let index): index
                case .data(let index): nodes.count + 16 + valueOffsets[index]
                }
            }
            file += Self.node(records[0], records[1], recordSize: recordSize)
        }
        file += Array(repeating: 0, count: 16) + encoder.output + MMDBReader.metadataMarker
        var metadata = MMDBEncoder()
        metadata.write(metadataMap(nodeCount: nodes.count))
        return file + metadata.output
    }

    /// The metadata map the spec asks for.
    func metadataMap(nodeCount: Int) -> MMDBValue {
        .map([
            "node_count": .uint32(UInt32(nodeCount)),
            "record_size": .uint16(UInt16(recordSize)),
            "ip_version": .uint16(UInt16(ipVersion)),
            "database_type": .string(databaseType),
            "languages": .array(languages.map(MMDBValue.string)),
            "binary_format_major_version": .uint16(2),
            "binary_format_minor_version": .uint16(0),
            "build_epoch": .uint64(buildEpoch),
            "description": .map(description.mapValues(MMDBValue.string)),
        ])
    }

    /// One node's two records in `recordSize` bits each.
    static func node(_ left: Int, _ right: Int, recordSize: Int) -> [UInt8] {
        switch recordSize {
        case 24:
            return MMDBEncoder.bigEndian(UInt64(left), count: 3) + MMDBEncoder.bigEndian(UInt64(right), count: 3)
        case 28:
            let middle = UInt8((left >> 24) & 0x0F) << 4 | UInt8((right >> 24) & 0x0F)
            return MMDBEncoder.bigEndian(UInt64(left), count: 3) + [middle] + MMDBEncoder.bigEndian(UInt64(right), count: 3)
        default:
            return MMDBEncoder.bigEndian(UInt64(left), count: 4) + MMDBEncoder.bigEndian(UInt64(right), count: 4)
        }
    }
}
