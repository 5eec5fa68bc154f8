import Foundation

/// Cuts an IP address down to its network: IPv4 to /24, IPv6 to /48.
///
/// Enough to tell a country or a provider apart in evidence, not to single out a household.
public enum IPTruncation {
    /// The truncated form of `address`, `nil` when it is not an IP address.
    public static func truncate(_ address: String) -> String? {
        if let v4 = ipv4(address) { return "\(v4[0]).\(v4[1]).\(v4[2]).0" }
        guard let groups = ipv6(address) else { return nil }
        // IPv4-mapped (::ffff:a.b.c.d) addresses are IPv4 in disguise.
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xffff {
            return "\(groups[6] >> 8).\(groups[6] & 0xff).\(groups[7] >> 8).0"
        }
        return canonical(Array(groups[0..<3]) + [UInt16](repeating: 0, count: 5))
    }

    /// RFC 5952 text of eight groups: lower-case hex, the longest run of two or more zero groups
    /// (the first, on a tie) written `::`.
    public static func canonical(_ groups: [UInt16]) -> String {
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < groups.count && groups[end] == 0 { end += 1 }
            if end - index > bestLength {
                bestStart = index
                bestLength = end - index
            }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }

    static func ipv4(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [Int] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let value = Int(part), (0...255).contains(value) else { return nil }
            out.append(value)
        }
        return out
    }

    static func ipv6(_ text: String) -> [UInt16]? {
        var text = Substring(text)
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        guard text.contains(":") else { return nil }
        var tail: [UInt16] = []
        // A trailing dotted IPv4 part counts as two groups.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = ipv4(String(text[text.index(after: lastColon)...])) else { return nil }
            tail = [UInt16(v4[0] << 8 | v4[1]), UInt16(v4[2] << 8 | v4[3])]
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var out: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                out.append(value)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 {
            let all = head + tail
            return all.count == 8 ? all : nil
        }
        guard let rest = groups(halves[1]) else { return nil }
        let known = head.count + rest.count + tail.count
        guard known < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - known) + rest + tail
    }
}
