/// A strict URL parser after the WHATWG URL standard (the one browsers follow), for judging
/// where a link really leads.
///
/// It reads what a browser reads: tabs and newlines inside the text are dropped, leading and
/// trailing spaces and control characters trimmed; for special schemes any run of `/` and `\`
/// after the colon starts the authority; the *last* `@` ends the credentials (so
/// `http://paypal.com@evil.example/` goes to `evil.example`); hosts are percent-decoded, mapped
/// with UTS #46 and turned into ASCII; a host that ends in a number is an IPv4 address in any of
/// the forms browsers accept (`0x7f.1`, `017700000001`, `2130706433`). There is no base URL:
/// relative references fail, except that text without a scheme that starts like a host
/// (`www.example.com/login`) is read as `http://`, since that is how people write links.
/// Paths are not normalised (dot segments stay), which is enough to tell where a link leads.
public enum URLParser {
    /// The longest input read; longer texts are refused rather than scanned.
    public static let maximumLength = 8_192

    /// Parses `text`.
    public static func parse(_ text: String) -> Result<ParsedURL, URLParseError> {
        guard text.utf8.count <= maximumLength else { return .failure(.tooLong) }
        var copy = text
        return copy.withUTF8 { parse(bytes: $0) }
    }

    /// Schemes whose URLs have a host that is a domain or address, and their default ports.
    static func specialPort(_ scheme: String) -> (special: Bool, port: Int?) {
        switch scheme {
        case "http", "ws": (true, 80)
        case "https", "wss": (true, 443)
        case "ftp": (true, 21)
        case "file": (true, nil)
        default: (false, nil)
        }
    }

    /// Schemes read as schemes even when what follows looks like a port (`mailto:1@x`).
    private static let knownSchemes: Set<String> = [
        "http", "https", "ws", "wss", "ftp", "file", "javascript", "data", "vbscript", "mailto", "tel", "sms", "blob", "about",
    ]

    static func parse(bytes raw: UnsafeBufferPointer<UInt8>) -> Result<ParsedURL, URLParseError> {
        // Trim C0 controls and spaces at both ends; drop tabs and newlines anywhere.
        var low = 0
        var high = raw.count
        while low < high, raw[low] <= 0x20 { low += 1 }
        while high > low, raw[high - 1] <= 0x20 { high -= 1 }
        guard low < high else { return .failure(.empty) }
        if !raw[low..<high].contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return parseClean(UnsafeBufferPointer(rebasing: raw[low..<high]))
        }
        var input: [UInt8] = []
        input.reserveCapacity(high - low)
        for byte in raw[low..<high] where byte != 0x09 && byte != 0x0A && byte != 0x0D { input.append(byte) }
        return input.withUnsafeBufferPointer { parseClean($0) }
    }

    private static func parseClean(_ b: UnsafeBufferPointer<UInt8>) -> Result<ParsedURL, URLParseError> {
        var position = 0
        var scheme = ""
        var assumed = false
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
        if b.count > 0, isAlpha(b[0]) {
            var index = 1
            while index < b.count, isAlpha(b[index]) || isDigit(b[index]) || b[index] == 0x2B || b[index] == 0x2D || b[index] == 0x2E { index += 1 }
            if index < b.count, b[index] == 0x3A {
                let candidate = lowercased(b, 0, index)
                // `example.com:8080/x` and `localhost:3000` are hosts with ports, not schemes.
                let hasDot = b[0..<index].contains(0x2E)
                let looksLikeHostPort = (hasDot || (index + 1 < b.count && isDigit(b[index + 1])) || index + 1 == b.count)
                    && !knownSchemes.contains(candidate)
                if !looksLikeHostPort {
                    scheme = candidate
                    position = index + 1
                }
            }
        }
        if scheme.isEmpty {
            // No scheme: only text that starts like a host is read, as http.
            guard b.count > 0, b[0] != 0x2F, b[0] != 0x5C, b[0] != 0x3F, b[0] != 0x23, b[0] != 0x2E else { return .failure(.missingScheme) }
            scheme = "http"
            assumed = true
        }
        let (special, defaultPort) = specialPort(scheme)
        var url = ParsedURL(
            scheme: scheme, isSpecial: special, schemeAssumed: assumed, username: "", password: nil, host: nil, port: nil, path: "", query: nil,
            fragment: nil, hostWasPercentEncoded: false)

        var hasAuthority = false
        if assumed {
            hasAuthority = true
        } else if scheme == "file" {
            // file: has an authority only after two slashes (`file://host/x`, `file:///x`).
            if position + 1 < b.count, b[position] == 0x2F || b[position] == 0x5C, b[position + 1] == 0x2F || b[position + 1] == 0x5C {
                position += 2
                hasAuthority = true
            }
        } else if special {
            // Any mix of slashes and backslashes before the authority, as browsers do.
            while position < b.count, b[position] == 0x2F || b[position] == 0x5C { position += 1 }
            hasAuthority = true
        } else if position + 1 < b.count, b[position] == 0x2F, b[position + 1] == 0x2F {
            position += 2
            hasAuthority = true
        }

        if hasAuthority {
            var end = position
            while end < b.count {
                let byte = b[end]
                if byte == 0x2F || byte == 0x3F || byte == 0x23 || (special && byte == 0x5C) { break }
                end += 1
            }
            switch parseAuthority(b, position, end, special: special, scheme: scheme, defaultPort: defaultPort, into: &url) {
            case .success: break
            case .failure(let error): return .failure(error)
            }
            position = end
        }

        // Path, query, fragment.
        var pathEnd = position
        while pathEnd < b.count, b[pathEnd] != 0x3F, b[pathEnd] != 0x23 { pathEnd += 1 }
        url.path = text(b, position, pathEnd, backslashToSlash: special)
        position = pathEnd
        if position < b.count, b[position] == 0x3F {
            var queryEnd = position + 1
            while queryEnd < b.count, b[queryEnd] != 0x23 { queryEnd += 1 }
            url.query = text(b, position + 1, queryEnd, backslashToSlash: false)
            position = queryEnd
        }
        if position < b.count, b[position] == 0x23 {
            url.fragment = text(b, position + 1, b.count, backslashToSlash: false)
        }
        return .success(url)
    }

    private static func parseAuthority(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, special: Bool, scheme: String, defaultPort: Int?, into url: inout ParsedURL
    ) -> Result<Void, URLParseError> {
        // The last `@` ends the credentials: everything before it is user name and password.
        var hostStart = start
        var at = end - 1
        while at >= start, b[at] != 0x40 { at -= 1 }
        if at >= start {
            var colon = start
            while colon < at, b[colon] != 0x3A { colon += 1 }
            url.username = text(b, start, colon, backslashToSlash: false)
            if colon < at { url.password = text(b, colon + 1, at, backslashToSlash: false) }
            hostStart = at + 1
        }
        // host [":" port]; a colon inside brackets belongs to an IPv6 address.
        var hostEnd = hostStart
        var inBrackets = false
        while hostEnd < end {
            let byte = b[hostEnd]
            if byte == 0x5B { inBrackets = true }
            if byte == 0x5D { inBrackets = false }
            if byte == 0x3A, !inBrackets { break }
            hostEnd += 1
        }
        if hostEnd < end {
            // A port: digits only; empty means none.
            var port = 0
            var digits = 0
            for index in (hostEnd + 1)..<end {
                guard isDigit(b[index]) else { return .failure(.invalidPort) }
                port = port * 10 + Int(b[index] - 0x30)
                digits += 1
                guard port <= 65_535 else { return .failure(.invalidPort) }
            }
            if digits > 0, port != defaultPort { url.port = port }
        }
        if hostStart == hostEnd {
            // Special URLs need a host (file: excepted); credentials without one are an error.
            if (special && scheme != "file") || at >= start { return .failure(.missingHost) }
            url.host = .empty
            return .success(())
        }
        let hostBytes = UnsafeBufferPointer(rebasing: b[hostStart..<hostEnd])
        if !special {
            switch HostParser.parseOpaque(hostBytes) {
            case .success(let host): url.host = host
            case .failure(let error): return .failure(error)
            }
            return .success(())
        }
        switch HostParser.parse(hostBytes) {
        case .success(let parsed):
            url.host = parsed.host
            url.hostWasPercentEncoded = parsed.wasPercentEncoded
            if scheme == "file", case .domain(let ascii, _) = parsed.host, ascii == "localhost" { url.host = .empty }
            return .success(())
        case .failure(let error):
            return .failure(error)
        }
    }

    static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func lowercased(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(unsafeUninitializedCapacity: end - start) { buffer in
            for index in start..<end {
                let byte = b[index]
                buffer[index - start] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            }
            return end - start
        }
    }

    static func text(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, backslashToSlash: Bool) -> String {
        guard start < end else { return "" }
        return String(unsafeUninitializedCapacity: end - start) { buffer in
            for index in start..<end {
                let byte = b[index]
                buffer[index - start] = backslashToSlash && byte == 0x5C ? 0x2F : byte
            }
            return end - start
        }
    }
}
