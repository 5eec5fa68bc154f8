import Foundation

/// Transfer encodings for UTF-8 text bodies, so that every line on the wire is 7-bit ASCII and
/// at most 76 characters: no server has to be trusted with 8BITMIME.
public enum MIMEBody {
    /// The encoding a body goes out in.
    public enum Encoding: String, Sendable {
        case quotedPrintable = "quoted-printable"
        case base64
    }

    /// Quoted-printable for mostly-ASCII text (it stays readable), base64 when more than a
    /// third of the bytes would need escaping anyway.
    public static func encoding(for text: String) -> Encoding {
        let bytes = text.utf8
        guard !bytes.isEmpty else { return .quotedPrintable }
        let escaped = bytes.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
        return escaped * 3 > bytes.count ? .base64 : .quotedPrintable
    }

    /// Line breaks of any kind (`\n`, `\r`, `\r\n`) as CRLF.
    public static func normalizedLines(_ text: String) -> [Substring] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// `text` encoded as `encoding`, lines joined by CRLF, without a final line break.
    public static func encode(_ text: String, as encoding: Encoding) -> String {
        switch encoding {
        case .quotedPrintable: quotedPrintable(text)
        case .base64: base64(Array(normalizedLines(text).joined(separator: "\r\n").utf8), wrap: true)
        }
    }

    /// Base64, in lines of 76 characters joined by CRLF when `wrap`.
    public static func base64(_ bytes: [UInt8], wrap: Bool) -> String {
        Data(bytes).base64EncodedString(options: wrap ? [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed] : [])
    }

    /// RFC 2045 quoted-printable: hard line breaks as CRLF, soft breaks (`=`) keeping lines to
    /// 76 characters, `=` and bytes outside printable ASCII as `=XX`, trailing white space escaped.
    public static func quotedPrintable(_ text: String) -> String {
        var out: [String] = []
        for line in normalizedLines(text) {
            out.append(contentsOf: quotedPrintableLine(Array(line.utf8)))
        }
        return out.joined(separator: "\r\n")
    }

    static func quotedPrintableLine(_ bytes: [UInt8]) -> [String] {
        let hex = Array("0123456789ABCDEF".utf8)
        var lines: [String] = []
        var current: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast)
            let token: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            // 75 leaves room for the soft break's "=".
            if current.count + token.count > 75 {
                lines.append(String(decoding: current + [UInt8(ascii: "=")], as: UTF8.self))
                current = []
            }
            current += token
        }
        lines.append(String(decoding: current, as: UTF8.self))
        return lines
    }
}
