/// The WHATWG host parser: percent-decoding, UTS #46 domain to ASCII, forbidden code points,
/// and IPv4 and IPv6 literals.
enum HostParser {
    struct Parsed {
        var host: URLHost
        var wasPercentEncoded: Bool
    }

    /// Parses the host of a special URL (`http`, `https`, …).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Parsed, URLParseError> {
        if bytes.first == 0x5B {
            guard bytes.count >= 2, bytes[bytes.count - 1] == 0x5D else { return .failure(.invalidIPv6) }
            guard let groups = IPv6Literal.parse(UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)])) else { return .failure(.invalidIPv6) }
            return .success(Parsed(host: .ipv6(groups), wasPercentEncoded: false))
        }
        var needsSlowPath = false
        var hasPercent = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 { needsSlowPath = true }
            if byte == 0x25 { hasPercent = true }
            // `xn--` at the start of a label: must be decoded and checked.
            if byte == 0x78 || byte == 0x58, index == 0 || bytes[index - 1] == 0x2E, index + 3 < bytes.count,
               bytes[index + 1] | 0x20 == 0x6E, bytes[index + 2] == 0x2D, bytes[index + 3] == 0x2D {
                needsSlowPath = true
            }
            index += 1
        }
        let ascii: String
        let unicode: String
        if !needsSlowPath, !hasPercent {
            // The common case: ASCII only; UTS #46 maps nothing but upper case.
            for byte in bytes where isForbiddenDomainByte(byte) { return .failure(.invalidHost) }
            if IPv4Literal.endsInNumber(bytes) {
                guard let parsed = IPv4Literal.parse(bytes) else { return .failure(.invalidIPv4) }
                return .success(Parsed(host: .ipv4(parsed.0, dotted: parsed.1), wasPercentEncoded: false))
            }
            let text = URLParser.lowercased(bytes, 0, bytes.count)
            // One string for both forms: the analysis tells them apart by identity, cheaply.
            return .success(Parsed(host: .domain(ascii: text, unicode: text), wasPercentEncoded: false))
        } else {
            var decoded = Array(bytes)
            if hasPercent {
                guard let bytes = percentDecode(bytes) else { return .failure(.invalidPercentEncoding) }
                decoded = bytes
            }
            guard let text = String(validating: decoded, as: UTF8.self) else { return .failure(.invalidPercentEncoding) }
            guard let converted = DomainToASCII.convert(text), !converted.ascii.isEmpty else { return .failure(.invalidHost) }
            for byte in converted.ascii.utf8 where isForbiddenDomainByte(byte) { return .failure(.invalidHost) }
            ascii = converted.ascii
            unicode = converted.unicode
        }
        var copy = ascii
        let asIPv4 = copy.withUTF8 { buffer -> Result<(UInt32, Bool)?, URLParseError> in
            guard IPv4Literal.endsInNumber(buffer) else { return .success(nil) }
            guard let parsed = IPv4Literal.parse(buffer) else { return .failure(.invalidIPv4) }
            return .success(parsed)
        }
        switch asIPv4 {
        case .failure(let error): return .failure(error)
        case .success(let address?): return .success(Parsed(host: .ipv4(address.0, dotted: address.1), wasPercentEncoded: hasPercent))
        case .success(nil): return .success(Parsed(host: .domain(ascii: ascii, unicode: unicode), wasPercentEncoded: hasPercent))
        }
    }

    /// Parses the host of a non-special URL: kept as written, but forbidden code points refused.
    static func parseOpaque(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<URLHost, URLParseError> {
        if bytes.first == 0x5B {
            guard bytes.count >= 2, bytes[bytes.count - 1] == 0x5D,
                  let groups = IPv6Literal.parse(UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)]))
            else { return .failure(.invalidIPv6) }
            return .success(.ipv6(groups))
        }
        for byte in bytes where byte < 0x80 && isForbiddenHostByte(byte) { return .failure(.invalidHost) }
        return .success(.opaque(URLParser.text(bytes, 0, bytes.count, backslashToSlash: false)))
    }

    /// Forbidden host code points (ASCII): NUL, tab, LF, CR, space, `#`, `/`, `:`, `<`, `>`, `?`,
    /// `@`, `[`, `\`, `]`, `^`, `|`.
    static func isForbiddenHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00, 0x09, 0x0A, 0x0D, 0x20, 0x23, 0x2F, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x7C: true
        default: false
        }
    }

    /// Forbidden domain code points: the host ones, C0 controls, `%` and DEL.
    static func isForbiddenDomainByte(_ byte: UInt8) -> Bool {
        byte <= 0x1F || byte == 0x25 || byte == 0x7F || isForbiddenHostByte(byte)
    }

    /// Percent-decodes; a `%` not followed by two hex digits stays as it is (as the standard says).
    static func percentDecode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x25, index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
