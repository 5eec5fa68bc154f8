/// Where a page may send the browser next: only paths on this site.
enum LocalPath {
    /// `path` when it is local — one leading `/`, not `//` or `/\` (which browsers read as
    /// another host), no back-slashes or control characters, of sane length — else nil.
    static func safe(_ path: String?) -> String? {
        guard let path, path.utf8.count <= 512, path.hasPrefix("/"), !path.hasPrefix("//") else { return nil }
        guard !path.unicodeScalars.contains(where: { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7f }) else { return nil }
        return path
    }
}
