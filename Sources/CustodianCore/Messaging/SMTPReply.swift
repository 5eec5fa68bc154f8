/// One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines.
public struct SMTPReply: Sendable, Equatable {
    public var code: Int
    /// The text of each line, after the code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx and 3xx: the command was accepted (3xx: send more).
    public var isPositive: Bool { code >= 200 && code < 400 }
    /// 4xx: a transient failure; the same command may succeed later.
    public var isTransient: Bool { code >= 400 && code < 500 }
    /// 5xx: a permanent failure; repeating the command will not help.
    public var isPermanent: Bool { code >= 500 }

    /// The enhanced status code (RFC 3463) at the start of the first line, like `5.1.1`, if any.
    public var enhancedStatus: String? {
        guard let first = lines.first?.split(separator: " ").first else { return nil }
        let parts = first.split(separator: ".")
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(first)
    }

    /// The EHLO keywords the server announced (upper-cased, first word of each line after the greeting).
    public var extensions: [String: String] {
        var found: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            found[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
        }
        return found
    }
}

/// Gathers reply lines (`250-…` continuation, `250 …` last) into replies.
public struct SMTPReplyParser: Sendable {
    /// Replies with more lines than this are refused: a server that never ends a reply.
    public static let maxLines = 200
    /// A longer line is refused (RFC 5321 allows 512 octets per reply line).
    public static let maxLineLength = 2_048

    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Why a reply could not be read.
    public enum Failure: Error, Sendable, Equatable {
        case malformed
        case tooLong
    }

    /// Takes one line (without its CRLF); returns the reply it completes, if any.
    public mutating func take(_ line: [UInt8]) throws(Failure) -> SMTPReply? {
        guard line.count <= Self.maxLineLength else { throw .tooLong }
        guard line.count >= 3, line[0...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { throw .malformed }
        let value = Int(line[0] - 48) * 100 + Int(line[1] - 48) * 10 + Int(line[2] - 48)
        guard (200...599).contains(value) else { throw .malformed }
        if let code, code != value { throw .malformed }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else { throw .malformed }
        let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
        code = value
        lines.append(text)
        guard lines.count <= Self.maxLines else { throw .tooLong }
        guard separator == UInt8(ascii: " ") else { return nil }
        let reply = SMTPReply(code: value, lines: lines)
        self.code = nil
        lines = []
        return reply
    }
}

/// The DATA transfer encoding of RFC 5321 §4.5.2: CRLF line endings, a leading `.` doubled, and
/// the `CRLF.CRLF` terminator.
public enum SMTPData {
    /// `message` ready to follow a 354 reply.
    public static func stuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") {
                out.append(UInt8(ascii: "\r"))  // a bare LF becomes CRLF
            }
            if previous == UInt8(ascii: "\r") && byte != UInt8(ascii: "\n") {
                out.append(UInt8(ascii: "\n"))  // so does a bare CR
                atLineStart = true
            }
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if previous == UInt8(ascii: "\r") {
            out.append(UInt8(ascii: "\n"))
        } else if !out.isEmpty && previous != UInt8(ascii: "\n") {
            out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
        out += Array(".\r\n".utf8)
        return out
    }
}
