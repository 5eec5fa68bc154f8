/// Reads a MaxMind DB (format 2.0) from its bytes: the search tree, the data section and the metadata.
///
/// CustodianCore does no file I/O: the caller reads the file and hands over its bytes. Everything
/// read is checked against the byte count, so a truncated or hostile file makes `init` throw or a
/// lookup answer nil; it never traps.
public struct MMDBReader: Sendable {
    /// The file's metadata.
    public let metadata: MMDBMetadata
    private let bytes: [UInt8]
    private let nodeCount: Int
    private let recordSize: Int
    /// The data section's decoder; pointers count from the section's start.
    let data: MMDBDecoder
    /// The node (or record) an IPv4 address starts from: the root, or the end of `::/96`.
    private let ipv4Start: Int

    /// The bytes that open the metadata section.
    static let metadataMarker: [UInt8] = [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)
    /// The metadata lies in the file's last 128 KiB (the spec's limit for searching it).
    private static let metadataSearchWindow = 128 * 1024

    /// Reads the metadata and checks the tree fits in the file.
    /// - Throws: `MMDBError` when the bytes are not a MaxMind DB file this reader can search.
    public init(bytes: [UInt8]) throws(MMDBError) {
        guard let marker = Self.markerStart(in: bytes) else { throw .metadataNotFound }
        let metadataStart = marker + Self.metadataMarker.count
        let metadata = try MMDBMetadata(MMDBDecoder(bytes: bytes, base: metadataStart, end: bytes.count).decode(at: metadataStart))
        let nodeBytes = metadata.recordSize / 4
        // The tree, the 16-byte separator and the marker must all fit before the metadata.
        guard metadata.nodeCount <= (marker - 16) / nodeBytes else {
            throw .invalidMetadata("\(metadata.nodeCount) nodes do not fit in the file")
        }
        let dataStart = metadata.nodeCount * nodeBytes + 16
        self.metadata = metadata
        self.bytes = bytes
        self.nodeCount = metadata.nodeCount
        self.recordSize = metadata.recordSize
        self.data = MMDBDecoder(bytes: bytes, base: dataStart, end: marker)
        var start = 0
        if metadata.ipVersion == 6 {
            for _ in 0..<96 where start < nodeCount { start = Self.record(bytes, recordSize, start, bit: 0) }
        }
        self.ipv4Start = start
    }

    /// The record for `address` (IPv4, IPv6 or IPv4-mapped IPv6), or nil when the database has none.
    ///
    /// An IPv6 address in an IPv4 database, text that is not an address and a record that cannot
    /// be decoded all answer nil.
    public func lookup(_ address: String) -> MMDBValue? {
        guard let offset = dataOffset(of: address) else { return nil }
        return try? data.decode(at: offset)
    }

    /// The absolute offset of the record for `address` in the data section.
    func dataOffset(of address: String) -> Int? {
        guard let ip = MMDBAddress(address) else { return nil }
        var node: Int
        switch ip {
        case .v4: node = ipv4Start
        case .v6:
            guard metadata.ipVersion == 6 else { return nil }
            node = 0
        }
        let bits = ip.bytes
        for index in 0..<bits.count * 8 where node < nodeCount {
            let bit = Int(bits[index >> 3] >> (7 - UInt8(index & 7))) & 1
            node = Self.record(bytes, recordSize, node, bit: bit)
        }
        // Equal: no record. Below: the tree is deeper than an address, which a valid file never is.
        guard node > nodeCount else { return nil }
        let offset = data.base + (node - nodeCount - 16)
        guard offset >= data.base, offset < data.end else { return nil }
        return offset
    }

    /// Record `bit` (0 left, 1 right) of `node`; the caller ensures `node < nodeCount`.
    private static func record(_ bytes: [UInt8], _ recordSize: Int, _ node: Int, bit: Int) -> Int {
        func int(_ at: Int, _ count: Int) -> Int {
            var value = 0
            for index in at..<at + count { value = value << 8 | Int(bytes[index]) }
            return value
        }
        switch recordSize {
        case 24:
            return int(node * 6 + bit * 3, 3)
        case 28:
            let start = node * 7
            // The middle byte holds the high nibble of the left record and the low of the right one.
            let middle = Int(bytes[start + 3])
            return bit == 0 ? (middle & 0xF0) << 20 | int(start, 3) : (middle & 0x0F) << 24 | int(start + 4, 3)
        default:
            return int(node * 8 + bit * 4, 4)
        }
    }

    /// Where the last metadata marker in the file's last 128 KiB starts.
    private static func markerStart(in bytes: [UInt8]) -> Int? {
        let marker = metadataMarker
        guard bytes.count >= marker.count else { return nil }
        let lowest = max(0, bytes.count - metadataSearchWindow)
        var start = bytes.count - marker.count
        while start >= lowest {
            if bytes[start] == marker[0] && bytes[start..<start + marker.count].elementsEqual(marker) { return start }
            start -= 1
        }
        return nil
    }
}
