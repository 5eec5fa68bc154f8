/// The form of a URL that page views and catalogue items are matched on.
///
/// `https://News.Example:443/articles/match/?utm_source=x#top` and
/// `http://news.example/articles/match` are the same page for recommendations: the scheme, the
/// default port, the query, the fragment and a trailing slash are dropped and the host is
/// lower-cased, giving `news.example/articles/match`. The path keeps its case. Written on bytes,
/// without `URLComponents`: the model's update path maps every collected page view through it.
public enum CatalogURL {
    /// The matching key of `url`, or nil when it is not an absolute http(s) URL with a host.
    public static func key(_ url: String) -> String? {
        var bytes = Array(url.utf8)
        var start: Int
        let defaultPort: [UInt8]
        if hasPrefix(bytes, "https://") {
            start = 8
            defaultPort = Array(":443".utf8)
        } else if hasPrefix(bytes, "http://") {
            start = 7
            defaultPort = Array(":80".utf8)
        } else {
            return nil
        }
        // The authority ends at the first '/', '?' or '#'.
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") {
            end += 1
        }
        // Credentials (user:pass@) are no part of the page.
        if let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")) { start = at + 1 }
        guard end > start else { return nil }
        for index in start..<end where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] |= 0x20 }
        var host = Array(bytes[start..<end])
        if host.count > defaultPort.count, Array(host.suffix(defaultPort.count)) == defaultPort {
            host.removeLast(defaultPort.count)
        }
        guard !host.isEmpty, host.first != UInt8(ascii: ":") else { return nil }
        var pathEnd = end
        while pathEnd < bytes.count, bytes[pathEnd] != UInt8(ascii: "?"), bytes[pathEnd] != UInt8(ascii: "#") { pathEnd += 1 }
        var path = Array(bytes[end..<pathEnd])
        while path.count > 1, path.last == UInt8(ascii: "/") { path.removeLast() }
        if path == [UInt8(ascii: "/")] { path = [] }
        return String(decoding: host + path, as: UTF8.self)
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return prefix.withUTF8Buffer { expected in
            for index in 0..<count {
                // ASCII letters compare case-insensitively.
                let byte = bytes[index]
                let lowered = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                if lowered != expected[index] { return false }
            }
            return true
        }
    }
}
