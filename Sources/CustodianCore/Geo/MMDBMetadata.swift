/// The metadata map at the end of a MaxMind DB file: what the search tree looks like and what it holds.
public struct MMDBMetadata: Sendable, Equatable {
    /// Nodes in the search tree.
    public var nodeCount: Int
    /// Bits per record: 24, 28 or 32.
    public var recordSize: Int
    /// 4 for an IPv4-only tree, 6 for a tree over IPv6 (IPv4 under `::/96`).
    public var ipVersion: Int
    /// What the records hold, e.g. `GeoLite2-Country`.
    public var databaseType: String
    /// Locale codes the records may have names in.
    public var languages: [String]
    /// Always 2 for the format this reader knows.
    public var binaryFormatMajorVersion: Int
    /// Changes that old readers can ignore.
    public var binaryFormatMinorVersion: Int
    /// When the database was built, in seconds since 1970.
    public var buildEpoch: UInt64
    /// Descriptions keyed by locale code.
    public var description: [String: String]

    public init(
        nodeCount: Int, recordSize: Int, ipVersion: Int, databaseType: String, languages: [String] = [],
        binaryFormatMajorVersion: Int = 2, binaryFormatMinorVersion: Int = 0, buildEpoch: UInt64,
        description: [String: String] = [:]
    ) {
        self.nodeCount = nodeCount
        self.recordSize = recordSize
        self.ipVersion = ipVersion
        self.databaseType = databaseType
        self.languages = languages
        self.binaryFormatMajorVersion = binaryFormatMajorVersion
        self.binaryFormatMinorVersion = binaryFormatMinorVersion
        self.buildEpoch = buildEpoch
        self.description = description
    }

    /// Reads the decoded metadata map, checking the fields the reader relies on.
    init(_ value: MMDBValue) throws(MMDBError) {
        guard case .map = value else { throw .invalidMetadata("the metadata is not a map") }
        func number(_ key: String) throws(MMDBError) -> UInt64 {
            guard let number = value[key]?.unsignedInteger else { throw .invalidMetadata("\(key) is missing or not an integer") }
            return number
        }
        func small(_ key: String) throws(MMDBError) -> Int {
            let value = try number(key)
            guard value <= UInt64(UInt32.max) else { throw .invalidMetadata("\(key) is too large") }
            return Int(value)
        }
        guard let databaseType = value["database_type"]?.string else { throw .invalidMetadata("database_type is missing") }
        var languages: [String] = []
        if case .array(let items)? = value["languages"] {
            languages = items.compactMap(\.string)
        }
        var description: [String: String] = [:]
        if case .map(let members)? = value["description"] {
            description = members.compactMapValues(\.string)
        }
        self.init(
            nodeCount: try small("node_count"), recordSize: try small("record_size"),
            ipVersion: try small("ip_version"), databaseType: databaseType, languages: languages,
            binaryFormatMajorVersion: try small("binary_format_major_version"),
            binaryFormatMinorVersion: try small("binary_format_minor_version"),
            buildEpoch: try number("build_epoch"), description: description
        )
        guard binaryFormatMajorVersion == 2 else {
            throw .invalidMetadata("binary format version \(binaryFormatMajorVersion) (this reader knows 2)")
        }
        guard [24, 28, 32].contains(recordSize) else { throw .invalidMetadata("record size \(recordSize)") }
        guard ipVersion == 4 || ipVersion == 6 else { throw .invalidMetadata("ip_version \(ipVersion)") }
        guard nodeCount > 0 else { throw .invalidMetadata("an empty search tree") }
    }
}
