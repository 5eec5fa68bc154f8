import Foundation

/// An IP network (`10.0.0.0/8`, `2001:db8::/32`) or a single address, for trusted-proxy lists.
public struct IPNetwork: Sendable, Equatable, CustomStringConvertible {
    /// The address as 16 bytes (IPv4 as IPv4-mapped IPv6), and the prefix length in that space.
    let bytes: [UInt8]
    let prefix: Int
    public let description: String

    /// Parses `address` or `address/prefix`; nil when it is neither.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let bytes = Self.bytes(String(first)) else { return nil }
        let isV4 = !first.contains(":")
        let maximum = isV4 ? 32 : 128
        var prefix = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value) else { return nil }
            prefix = value
        }
        self.bytes = bytes
        self.prefix = isV4 ? prefix + 96 : prefix
        self.description = text
    }

    /// Whether `address` lies in this network.
    public func contains(_ address: String) -> Bool {
        guard let other = Self.bytes(address) else { return false }
        var remaining = prefix
        for index in 0..<16 where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if bytes[index] & mask != other[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The 16-byte form: IPv6 as is, IPv4 as `::ffff:a.b.c.d`.
    static func bytes(_ address: String) -> [UInt8]? {
        if let v4 = IPTruncation.ipv4(address) {
            return [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF] + v4.map { UInt8($0) }
        }
        guard let groups = IPTruncation.ipv6(address) else { return nil }
        return groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

/// Finds the client's address behind proxies the operator trusts.
public struct ClientAddress: Sendable {
    public let trustedProxies: [IPNetwork]

    public init(trustedProxies: [IPNetwork]) {
        self.trustedProxies = trustedProxies
    }

    /// The client: the peer itself unless it is a trusted proxy, in which case the nearest
    /// address in `X-Forwarded-For` (read right to left) that is not a trusted proxy. A forged
    /// header from an untrusted peer is ignored.
    public func resolve(peer: String?, forwardedFor: String?) -> String? {
        guard let peer, isTrusted(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard IPNetwork.bytes(hop) != nil else { return peer }
            if !isTrusted(hop) { return hop }
        }
        return hops.first ?? peer
    }

    func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
