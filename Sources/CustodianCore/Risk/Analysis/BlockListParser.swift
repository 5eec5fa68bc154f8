/// Reads block lists into registry listings: plain text (one URL, host or domain a line, `#`/`!`
/// comments, hosts-file lines like `0.0.0.0 evil.example`) and CSV with a header naming its
/// columns (`url`, `host`, `domain` or `value`; optional `category`/`threat`, `confidence`,
/// `expires`), such as URLhaus or PhishTank exports.
public enum BlockListParser {
    public enum Format: String, Sendable, CaseIterable {
        case text
        case csv
    }

    /// One entry read from a list.
    public struct Entry: Sendable, Equatable {
        public var match: RiskyURLMatch
        public var value: String
        /// A category the list itself gives (CSV), otherwise the import's.
        public var category: RiskyURLCategory?
        public var confidence: Double?
        public var expiresAt: Int64?
    }

    /// A line that could not be read: its number (1-based) and why.
    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var reason: String
    }

    /// - Parameter defaultMatch: what a bare name matches (`domain`: it and its subdomains;
    ///   `host`: only itself). A value with a scheme is always a URL.
    public static func parse(_ text: String, format: Format, defaultMatch: RiskyURLMatch = .domain) -> (entries: [Entry], problems: [Problem]) {
        switch format {
        case .text: parseText(text, defaultMatch: defaultMatch)
        case .csv: parseCSV(text, defaultMatch: defaultMatch)
        }
    }

    static func parseText(_ text: String, defaultMatch: RiskyURLMatch) -> ([Entry], [Problem]) {
        var entries: [Entry] = []
        var problems: [Problem] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") || line.hasPrefix("//") { continue }
            if let comment = line.range(of: " #") { line = line[..<comment.lowerBound].trimmingWhitespace() }
            // hosts-file form: an address, then the name.
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count >= 2, ["0.0.0.0", "127.0.0.1", "::", "::1"].contains(String(words[0])) { line = words[1] }
            if let entry = entry(String(line), match: nil, defaultMatch: defaultMatch) {
                entries.append(entry)
            } else {
                problems.append(Problem(line: number + 1, reason: "not a URL, host or domain"))
            }
        }
        return (entries, problems)
    }

    static func parseCSV(_ text: String, defaultMatch: RiskyURLMatch) -> ([Entry], [Problem]) {
        var entries: [Entry] = []
        var problems: [Problem] = []
        var header: [String]?
        for (_, record) in CSVReader.records(text) where !record.fields.isEmpty {
            let fields = record.fields
            if fields.count == 1, fields[0].trimmingWhitespace().isEmpty { continue }
            if fields[0].hasPrefix("#") {
                // URLhaus puts its header in a comment: "# id,dateadded,url,…".
                let names = fields.map { $0.trimmingWhitespace().lowercased() }
                if names.contains(where: { ["url", "host", "domain", "value"].contains($0.replacingPrefix("# ", "")) }) {
                    header = names.map { $0.replacingPrefix("# ", "") }
                }
                continue
            }
            if header == nil {
                let names = fields.map { $0.trimmingWhitespace().lowercased() }
                if names.contains(where: { ["url", "host", "domain", "value"].contains($0) }) {
                    header = names
                    continue
                }
            }
            let columns = header ?? ["value"]
            func column(_ names: String...) -> String? {
                for name in names {
                    if let index = columns.firstIndex(of: name), index < fields.count {
                        let value = fields[index].trimmingWhitespace()
                        if !value.isEmpty { return String(value) }
                    }
                }
                return nil
            }
            var match: RiskyURLMatch?
            var value = column("value")
            if let url = column("url") {
                match = .url
                value = url
            } else if let host = column("host") {
                match = .host
                value = host
            } else if let domain = column("domain") {
                match = .domain
                value = domain
            }
            if let given = column("match").flatMap(RiskyURLMatch.init(rawValue:)) { match = given }
            guard let value, var entry = entry(value, match: match, defaultMatch: defaultMatch) else {
                problems.append(Problem(line: record.line, reason: "no URL, host or domain in the row"))
                continue
            }
            entry.category = column("category", "threat", "kind").flatMap(category)
            if let confidence = column("confidence").flatMap(Double.init) {
                guard (0...1).contains(confidence) || (0...100).contains(confidence) else {
                    problems.append(Problem(line: record.line, reason: "confidence out of range"))
                    continue
                }
                entry.confidence = confidence > 1 ? confidence / 100 : confidence
            }
            if let expires = column("expires", "expires_at") {
                guard let millis = ISOTimestamp.millis(expires) else {
                    problems.append(Problem(line: record.line, reason: "expires is not an ISO 8601 time"))
                    continue
                }
                entry.expiresAt = millis
            }
            entries.append(entry)
        }
        return (entries, problems)
    }

    static func entry(_ value: String, match: RiskyURLMatch?, defaultMatch: RiskyURLMatch) -> Entry? {
        let chosen = match ?? (value.contains("://") ? .url : defaultMatch)
        guard let normalized = RiskyURLListing.normalize(value, as: chosen) else { return nil }
        return Entry(match: chosen, value: normalized, category: nil, confidence: nil, expiresAt: nil)
    }

    /// Categories as lists name them: ours, and URLhaus's `malware_download`.
    static func category(_ text: String) -> RiskyURLCategory? {
        let lowered = text.lowercased()
        if let known = RiskyURLCategory(rawValue: lowered) { return known }
        if lowered.contains("malware") { return .malware }
        if lowered.contains("phish") { return .phishing }
        if lowered.contains("scam") || lowered.contains("fraud") { return .scam }
        if lowered.contains("spam") { return .spam }
        return nil
    }
}

/// RFC 4180 CSV: quoted fields, doubled quotes, line breaks inside quotes.
enum CSVReader {
    struct Record {
        var line: Int
        var fields: [String]
    }

    static func records(_ text: String) -> [(Int, Record)] {
        var records: [(Int, Record)] = []
        var field = ""
        var fields: [String] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        func finish() {
            fields.append(field)
            records.append((records.count, Record(line: recordLine, fields: fields)))
            field = ""
            fields = []
        }
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                finish()
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !fields.isEmpty { finish() }
        return records
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return text[first...last]
    }

    func replacingPrefix(_ prefix: String, _ replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : String(self)
    }
}
