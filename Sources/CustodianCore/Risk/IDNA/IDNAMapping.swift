/// The UTS #46 IDNA mapping table: what each code point becomes in a host name.
///
/// Generated from Unicode's IdnaMappingTable (via the PyPI package `idna`) by
/// `scripts/generate-unicode-risk-data.py`; parsed once, on first use (only hosts with non-ASCII
/// characters or `xn--` labels ever need it).
enum IDNAMapping {
    enum Status: UInt8 {
        case valid
        case mapped
        case deviation
        case ignored
        case disallowed
    }

    struct Table: Sendable {
        /// First code point of each range, ascending.
        var starts: [UInt32] = []
        var statuses: [Status] = []
        /// For mapped ranges, the mapping's place in `mappings` (offset, count).
        var mappingRanges: [(offset: Int32, count: Int32)] = []
        var mappings: [Unicode.Scalar] = []
    }

    static let table: Table = {
        var table = Table()
        for line in source.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let start = UInt32(fields[0], radix: 16) else { continue }
            let status: Status
            switch fields[1] {
            case "V": status = .valid
            case "M": status = .mapped
            case "D": status = .deviation
            case "I": status = .ignored
            default: status = .disallowed
            }
            table.starts.append(start)
            table.statuses.append(status)
            let offset = Int32(table.mappings.count)
            if status == .mapped {
                for field in fields.dropFirst(2) {
                    if let value = UInt32(field, radix: 16), let scalar = Unicode.Scalar(value) { table.mappings.append(scalar) }
                }
            }
            table.mappingRanges.append((offset, Int32(table.mappings.count) - offset))
        }
        return table
    }()

    /// The status of `scalar` and, when mapped, what it maps to.
    static func lookup(_ scalar: Unicode.Scalar) -> (Status, ArraySlice<Unicode.Scalar>) {
        let table = table
        let value = scalar.value
        var low = 0
        var high = table.starts.count - 1
        // The last range whose start is at or below the code point.
        while low < high {
            let middle = (low + high + 1) / 2
            if table.starts[middle] <= value { low = middle } else { high = middle - 1 }
        }
        let status = table.statuses[low]
        guard status == .mapped else { return (status, []) }
        let range = table.mappingRanges[low]
        return (status, table.mappings[Int(range.offset)..<Int(range.offset + range.count)])
    }
}
