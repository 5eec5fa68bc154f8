/// Small, exact JSON text: for outputs whose bytes must never drift (hashed audit details) or
/// that are written line by line (inspect).
public enum JSONText {
    /// `text` as a JSON string literal with RFC 8259 escapes.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An object of strings with its keys sorted.
    public static func sortedObject(_ members: [String: String]) -> String {
        "{" + members.keys.sorted().map { quoted($0) + ":" + quoted(members[$0] ?? "") }.joined(separator: ",") + "}"
    }
}
