import Foundation

/// Writes a ``MailMessage`` as RFC 5322 text with MIME bodies: CRLF line endings, 7-bit lines of
/// at most 78 characters (bodies quoted-printable or base64 UTF-8), non-ASCII headers as encoded
/// words, and every header value checked for line breaks first.
public enum MIMEWriter {
    /// The message as bytes, ready for SMTP `DATA` (before dot-stuffing).
    /// - Parameter boundary: the multipart boundary; random unless a test fixes it.
    public static func render(_ message: MailMessage, boundary: String? = nil) throws(MailBuildError) -> [UInt8] {
        var lines: [String] = []
        lines.append(try MailHeader.structured("Date", rfc5322Date(message.date)))
        lines.append(try MailHeader.structured("From", try message.from.header("From")))
        lines.append(try MailHeader.structured("To", try message.to.header("To")))
        lines.append(try MailHeader.unstructured("Subject", message.subject))
        guard message.messageID.hasPrefix("<"), message.messageID.hasSuffix(">"), message.messageID.contains("@") else {
            throw .unsafeHeaderValue(field: "Message-ID")
        }
        lines.append(try MailHeader.structured("Message-ID", message.messageID))
        for header in message.headers {
            guard header.value.utf8.allSatisfy({ $0 < 0x80 }) else { throw .unsafeHeaderValue(field: header.name) }
            lines.append(try MailHeader.structured(header.name, header.value))
        }
        lines.append("MIME-Version: 1.0")
        if let html = message.html {
            let boundary = boundary ?? "=_custodian_" + Hex.encode(Identifiers.randomBytes(12))
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("This is a message in MIME format: a plain-text and an HTML version.")
            lines.append("--" + boundary)
            lines.append(contentsOf: part(message.text, type: "text/plain"))
            lines.append("--" + boundary)
            lines.append(contentsOf: part(html, type: "text/html"))
            lines.append("--" + boundary + "--")
        } else {
            lines.append(contentsOf: part(message.text, type: "text/plain"))
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// A body's own headers and its encoded text.
    static func part(_ text: String, type: String) -> [String] {
        let encoding = MIMEBody.encoding(for: text)
        return [
            "Content-Type: \(type); charset=utf-8",
            "Content-Transfer-Encoding: \(encoding.rawValue)",
            "",
            MIMEBody.encode(text, as: encoding),
        ]
    }

    /// `Tue, 01 Dec 2026 09:05:00 +0000`: RFC 5322 date-time in UTC, independent of the locale.
    public static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[((parts.weekday ?? 1) - 1) % 7]), \(two(parts.day)) \(months[((parts.month ?? 1) - 1) % 12]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
