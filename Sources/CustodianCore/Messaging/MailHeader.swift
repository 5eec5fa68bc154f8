/// Why a message could not be built: it would be unsafe or malformed on the wire.
public enum MailBuildError: Error, Sendable, Equatable {
    /// A header value holds CR, LF or another control character: sending it could inject headers.
    case unsafeHeaderValue(field: String)
    /// A header name is not a plain RFC 5322 field name.
    case invalidHeaderName(String)
    /// An address is not a usable mailbox.
    case invalidAddress(field: String)
}

/// RFC 5322 header lines: values checked for injection, non-ASCII text as RFC 2047 encoded words,
/// long values folded at white space.
public enum MailHeader {
    /// The longest line a header is folded to; RFC 5322 recommends 78 characters.
    static let foldWidth = 78

    /// Refuses CR, LF and every other control character except tab in `value`.
    ///
    /// Refusing (rather than stripping) is deliberate: a value with a line break in it came from
    /// somewhere it should not have, and a message built from it is not the message intended.
    public static func checkValue(_ value: String, field: String) throws(MailBuildError) {
        for scalar in value.unicodeScalars where scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
            throw .unsafeHeaderValue(field: field)
        }
        // Unicode line and paragraph separators render as line breaks in some clients.
        if value.unicodeScalars.contains(where: { $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }) {
            throw .unsafeHeaderValue(field: field)
        }
    }

    /// Refuses names that are not printable ASCII without colon or space.
    public static func checkName(_ name: String) throws(MailBuildError) {
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
            throw .invalidHeaderName(name)
        }
    }

    /// `Name: value` for unstructured text (such as `Subject`), encoded and folded, without the final CRLF.
    public static func unstructured(_ name: String, _ value: String) throws(MailBuildError) -> String {
        try checkName(name)
        try checkValue(value, field: name)
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            return fold(name + ": " + value)
        }
        return name + ": " + encodedWords(value, firstLineUsed: name.utf8.count + 2).joined(separator: "\r\n ")
    }

    /// `Name: value` for a structured value the caller has already made ASCII (an address, a URL).
    public static func structured(_ name: String, _ value: String) throws(MailBuildError) -> String {
        try checkName(name)
        try checkValue(value, field: name)
        return name + ": " + value
    }

    /// A display name as a phrase: an atom list as is, a quoted string when it has specials, or
    /// encoded words when it is not ASCII.
    public static func phrase(_ text: String, field: String) throws(MailBuildError) -> String {
        try checkValue(text, field: field)
        if !text.utf8.allSatisfy({ $0 < 0x80 }) { return encodedWords(text, firstLineUsed: field.utf8.count + 2).joined(separator: "\r\n ") }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".utf8)
        if text.utf8.allSatisfy({ atext.contains($0) }) { return text }
        var quoted = "\""
        for char in text {
            if char == "\"" || char == "\\" { quoted.append("\\") }
            quoted.append(char)
        }
        return quoted + "\""
    }

    /// Folds an ASCII header line at spaces so that no line passes ``foldWidth`` where it can be avoided.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > foldWidth else { return line }
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.utf8.count + 1 + word.utf8.count > foldWidth {
                lines.append(current)
                current = String(word)
            } else {
                current += " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, each holding whole characters,
    /// the first short enough to share its line with `firstLineUsed` characters of header name.
    static func encodedWords(_ text: String, firstLineUsed: Int = 0) -> [String] {
        // "=?UTF-8?B?" + "?=" take 12 characters; base64 turns 3 bytes into 4 characters.
        func capacity(_ characters: Int) -> Int { max(3, (characters - 12) / 4 * 3) }
        // Continuation lines start with one space.
        let later = capacity(min(75, foldWidth - 1))
        var maxBytes = capacity(min(75, foldWidth - firstLineUsed))
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                maxBytes = later
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + MIMEBody.base64(bytes, wrap: false) + "?="
    }
}
