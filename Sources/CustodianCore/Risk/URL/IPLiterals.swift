/// IPv4 hosts as the WHATWG URL standard (and so every browser) reads them: one to four parts,
/// each decimal, octal (leading `0`) or hexadecimal (`0x`), the last filling the remaining bytes;
/// `http://0x7f.1/`, `http://017700000001/` and `http://2130706433/` are all 127.0.0.1.
enum IPv4Literal {
    /// Whether the host's last label is a number, which makes the whole host an IPv4 address
    /// (or an error): all digits, or `0x` followed by hex digits.
    static func endsInNumber(_ host: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = host.count
        if end > 0, host[end - 1] == 0x2E {
            end -= 1
            // A lone trailing dot after nothing else is no number.
            if end == 0 { return false }
        }
        var start = end
        while start > 0, host[start - 1] != 0x2E { start -= 1 }
        guard start < end else { return false }
        var allDigits = true
        for index in start..<end where !URLParser.isDigit(host[index]) { allDigits = false }
        if allDigits { return true }
        return number(UnsafeBufferPointer(rebasing: host[start..<end])) != nil
    }

    /// The address and whether it was written the usual way (four decimal parts, no leading zeros).
    static func parse(_ host: UnsafeBufferPointer<UInt8>) -> (UInt32, Bool)? {
        var end = host.count
        if end > 0, host[end - 1] == 0x2E { end -= 1 }
        var parts: [(value: UInt64, usual: Bool)] = []
        var start = 0
        var index = 0
        while index <= end {
            if index == end || host[index] == 0x2E {
                guard let part = number(UnsafeBufferPointer(rebasing: host[start..<index])) else { return nil }
                parts.append(part)
                guard parts.count <= 4 else { return nil }
                start = index + 1
            }
            index += 1
        }
        guard !parts.isEmpty else { return nil }
        for part in parts.dropLast() where part.value > 255 { return nil }
        let last = parts[parts.count - 1].value
        guard last < (UInt64(1) << (8 * UInt64(5 - parts.count))) else { return nil }
        var address = last
        for (offset, part) in parts.dropLast().enumerated() {
            address += part.value << (8 * UInt64(3 - offset))
        }
        let usual = parts.count == 4 && parts.allSatisfy { $0.usual } && end == host.count
        return (UInt32(address), usual)
    }

    /// One part: its value (saturated far above 2³², so overflow fails the range checks) and
    /// whether it is plain decimal without a leading zero.
    static func number(_ part: UnsafeBufferPointer<UInt8>) -> (value: UInt64, usual: Bool)? {
        guard !part.isEmpty else { return nil }
        var radix: UInt64 = 10
        var start = 0
        if part.count >= 2, part[0] == 0x30, part[1] | 0x20 == 0x78 {
            radix = 16
            start = 2
        } else if part.count >= 2, part[0] == 0x30 {
            radix = 8
            start = 1
        }
        var value: UInt64 = 0
        for index in start..<part.count {
            let byte = part[index]
            let digit: UInt64
            switch byte {
            case 0x30...0x39: digit = UInt64(byte - 0x30)
            case 0x41...0x46, 0x61...0x66: digit = UInt64((byte | 0x20) - 0x61 + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            value = min(value &* radix &+ digit, UInt64(1) << 40)
        }
        return (value, radix == 10)
    }
}

/// IPv6 literals inside brackets, as the WHATWG URL standard parses them (`::` compression and a
/// trailing dotted IPv4 part).
enum IPv6Literal {
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> [UInt16]? {
        var address = [UInt16](repeating: 0, count: 8)
        var pieceIndex = 0
        var compress: Int?
        var pointer = 0
        let count = text.count
        func at(_ index: Int) -> UInt8? { index < count ? text[index] : nil }
        if at(0) == 0x3A {
            guard at(1) == 0x3A else { return nil }
            pointer = 2
            pieceIndex = 1
            compress = 1
        }
        while pointer < count {
            guard pieceIndex < 8 else { return nil }
            if text[pointer] == 0x3A {
                guard compress == nil else { return nil }
                pointer += 1
                pieceIndex += 1
                compress = pieceIndex
                continue
            }
            var value: UInt16 = 0
            var length = 0
            while length < 4, let byte = at(pointer), let digit = HostParser.hexValue(byte) {
                value = value << 4 | UInt16(digit)
                pointer += 1
                length += 1
            }
            if at(pointer) == 0x2E {
                // IPv4 in IPv6: up to four decimal parts filling the last two pieces.
                guard length > 0, pieceIndex <= 6 else { return nil }
                pointer -= length
                var numbersSeen = 0
                while pointer < count {
                    var ipv4Piece: Int?
                    if numbersSeen > 0 {
                        guard text[pointer] == 0x2E, numbersSeen < 4 else { return nil }
                        pointer += 1
                    }
                    guard let first = at(pointer), URLParser.isDigit(first) else { return nil }
                    while let byte = at(pointer), URLParser.isDigit(byte) {
                        let number = Int(byte - 0x30)
                        if let current = ipv4Piece {
                            guard current != 0 else { return nil }
                            ipv4Piece = current * 10 + number
                        } else {
                            ipv4Piece = number
                        }
                        guard let piece = ipv4Piece, piece <= 255 else { return nil }
                        pointer += 1
                    }
                    address[pieceIndex] = address[pieceIndex] &* 0x100 &+ UInt16(ipv4Piece ?? 0)
                    numbersSeen += 1
                    if numbersSeen == 2 || numbersSeen == 4 { pieceIndex += 1 }
                }
                guard numbersSeen == 4 else { return nil }
                break
            } else if at(pointer) == 0x3A {
                pointer += 1
                guard pointer < count else { return nil }
            } else if pointer < count {
                return nil
            }
            address[pieceIndex] = value
            pieceIndex += 1
        }
        if let compress {
            var swaps = pieceIndex - compress
            pieceIndex = 7
            while pieceIndex != 0, swaps > 0 {
                address.swapAt(pieceIndex, compress + swaps - 1)
                pieceIndex -= 1
                swaps -= 1
            }
        } else if pieceIndex != 8 {
            return nil
        }
        return address
    }
}
