/// An IP address as the search tree reads it: 4 or 16 bytes, most significant bit first.
enum MMDBAddress: Sendable, Equatable {
    case v4([UInt8])
    case v6([UInt8])

    /// Parses dotted IPv4 or IPv6 text (zone ids ignored); an IPv4-mapped IPv6 address is IPv4.
    init?(_ text: String) {
        if let parts = IPTruncation.ipv4(text) {
            self = .v4(parts.map { UInt8($0) })
            return
        }
        guard let groups = IPTruncation.ipv6(text) else { return nil }
        let bytes = groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            self = .v4(Array(bytes[12...]))
        } else {
            self = .v6(bytes)
        }
    }

    /// The address's bytes.
    var bytes: [UInt8] {
        switch self {
        case .v4(let bytes), .v6(let bytes): bytes
        }
    }
}
