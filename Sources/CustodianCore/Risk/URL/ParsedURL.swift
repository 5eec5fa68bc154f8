/// A URL as a browser would read it (WHATWG URL standard), with what the risk analysis needs to
/// know about how it was written.
public struct ParsedURL: Sendable, Equatable {
    /// Lower-case scheme without the colon (`https`).
    public var scheme: String
    /// `http`, `https`, `ws`, `wss`, `ftp` or `file`: the schemes whose host is a domain or address.
    public var isSpecial: Bool
    /// The text had no scheme (`www.example.com/a`) and was read as `http://`.
    public var schemeAssumed: Bool
    /// The user name before `@`, as written (empty when none).
    public var username: String
    /// The password after `user:`, as written.
    public var password: String?
    /// The host; nil for URLs without an authority (`mailto:`, `javascript:`, `data:`).
    public var host: URLHost?
    /// The port when it is not the scheme's default.
    public var port: Int?
    /// The path as written (backslashes read as slashes for special schemes); an opaque path
    /// (`javascript:alert(1)`) for the others.
    public var path: String
    /// The query without `?`.
    public var query: String?
    /// The fragment without `#`.
    public var fragment: String?
    /// The host was written with percent-escapes (`%65vil.example`).
    public var hostWasPercentEncoded: Bool

    /// Whether there was a user name or password before `@`.
    public var hasCredentials: Bool { !username.isEmpty || password != nil }

    /// The URL without credentials and fragment, as the risk registry keys URLs:
    /// `scheme://host[:port]path[?query]` (or `scheme:path` without a host).
    public var registryKey: String {
        var text = scheme + ":"
        if let host {
            text += "//" + host.serialized
            if let port { text += ":" + String(port) }
        }
        text += path.isEmpty && host != nil && isSpecial ? "/" : path
        if let query { text += "?" + query }
        return text
    }
}

/// A URL's host, as the WHATWG host parser distinguishes them.
public enum URLHost: Sendable, Equatable {
    /// A domain: its ASCII form (lower case, `xn--` labels) and its Unicode form.
    case domain(ascii: String, unicode: String)
    /// An IPv4 address; `dotted` is false when it was written another way (`0x7f.1`, `2130706433`).
    case ipv4(UInt32, dotted: Bool)
    /// An IPv6 address, eight groups.
    case ipv6([UInt16])
    /// The host of a non-special URL (`foo://host/`), percent-encoded as written.
    case opaque(String)
    /// An empty host (`file:///etc/passwd`).
    case empty

    /// The host as a URL writes it: ASCII domain, dotted IPv4, bracketed compressed IPv6.
    public var serialized: String {
        switch self {
        case .domain(let ascii, _): ascii
        case .ipv4(let address, _): URLHost.dotted(address)
        case .ipv6(let groups): "[" + IPTruncation.canonical(groups) + "]"
        case .opaque(let text): text
        case .empty: ""
        }
    }

    /// The ASCII domain, when the host is one.
    public var domain: String? {
        if case .domain(let ascii, _) = self { return ascii }
        return nil
    }

    /// Whether the host is an IP address literal.
    public var isIPAddress: Bool {
        switch self {
        case .ipv4, .ipv6: true
        default: false
        }
    }

    static func dotted(_ address: UInt32) -> String {
        "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)"
    }
}

/// Why a text is not a URL.
public enum URLParseError: String, Error, Sendable {
    case empty = "empty"
    case missingScheme = "missing_scheme"
    case missingHost = "missing_host"
    case invalidHost = "invalid_host"
    case invalidIPv4 = "invalid_ipv4"
    case invalidIPv6 = "invalid_ipv6"
    case invalidPort = "invalid_port"
    case invalidPercentEncoding = "invalid_percent_encoding"
    case tooLong = "too_long"
}
