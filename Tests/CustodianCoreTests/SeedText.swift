import Foundation

/// The seed privacy policy the default policy must encode, read at test time.
enum SeedText {
    /// `../shared/privacy-policy.txt` beside the repository, else the committed fixture copy.
    static func load() -> String {
        let testFile = URL(fileURLWithPath: #filePath)
        let repository = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repository.deletingLastPathComponent().appendingPathComponent("shared/privacy-policy.txt")
        let fixture = testFile.deletingLastPathComponent().appendingPathComponent("Fixtures/privacy-policy.txt")
        for url in [shared, fixture] {
            if let text = try? String(contentsOf: url, encoding: .utf8) { return text }
        }
        return ""
    }

    /// The seed cut into clauses: lines, then sentences; bare list numbers ("1.") are dropped.
    static func clauses() -> [String] {
        var clauses: [String] = []
        for line in load().split(whereSeparator: \.isNewline) {
            var current = ""
            for character in line {
                current.append(character)
                if character == "." || character == ";" {
                    flush(&current, into: &clauses)
                }
            }
            flush(&current, into: &clauses)
        }
        return clauses
    }

    private static func flush(_ current: inout String, into clauses: inout [String]) {
        let trimmed = current.trimmingCharacters(in: .whitespaces)
        current = ""
        let isListNumber = trimmed.dropLast().allSatisfy(\.isNumber) && trimmed.hasSuffix(".")
        // "(1)" style item markers end in ";", so they stay attached to their clause.
        if !trimmed.isEmpty && !isListNumber { clauses.append(trimmed) }
    }
}
