import Foundation

/// The labelled real strings in `Fixtures/useragents.tsv` (scripts/generate-useragent-testset.py).
struct UserAgentTestCase: Sendable {
    let ua: String
    let browserFamily: String
    let browserMajor: String?
    let osFamily: String
    let osMajor: String?
    let deviceFamily: String
    let deviceBrand: String?
    let deviceModel: String?
}

enum UserAgentTestSet {
    /// Every labelled string; empty when the fixture cannot be read (the tests then fail).
    static let cases: [UserAgentTestCase] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/useragents.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 8 else { return nil }
            func optional(_ value: String) -> String? { value.isEmpty ? nil : value }
            return UserAgentTestCase(
                ua: fields[0], browserFamily: fields[1], browserMajor: optional(fields[2]),
                osFamily: fields[3], osMajor: optional(fields[4]), deviceFamily: fields[5],
                deviceBrand: optional(fields[6]), deviceModel: optional(fields[7])
            )
        }
    }()
}
