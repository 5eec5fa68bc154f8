import Foundation

/// uap-core's regexes, compiled once: the classifier's slow, exhaustive fallback.
///
/// Used only for strings the fast scanner does not recognise; the rules run in uap-core's
/// order and the first match wins, with uap-core's replacement semantics.
struct UserAgentRules: @unchecked Sendable {
    // @unchecked: the rule lists are built once and never changed; NSRegularExpression is
    // immutable and documented as safe to use from several threads at once.

    private struct Rule {
        let regex: NSRegularExpression
        let family: String
        let second: String
        let third: String
        let fourth: String
    }

    private let agents: [Rule]
    private let systems: [Rule]
    private let devices: [Rule]

    /// The rules, compiled on first use.
    static let shared = UserAgentRules(source: UserAgentRules.source)

    /// Rules from the generated text; a line whose regex ICU rejects is skipped.
    init(source: String) {
        var agents: [Rule] = [], systems: [Rule] = [], devices: [Rule] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch fields.first {
            case "U" where fields.count == 5:
                if let rule = Self.rule(fields[1], [], fields[2], fields[3], fields[4], "") { agents.append(rule) }
            case "O" where fields.count == 5:
                if let rule = Self.rule(fields[1], [], fields[2], fields[3], fields[4], "") { systems.append(rule) }
            case "D" where fields.count == 6:
                let options: NSRegularExpression.Options = fields[1] == "i" ? [.caseInsensitive] : []
                if let rule = Self.rule(fields[2], options, fields[3], fields[4], fields[5], "") { devices.append(rule) }
            default:
                continue
            }
        }
        self.agents = agents
        self.systems = systems
        self.devices = devices
    }

    private static func rule(
        _ pattern: String, _ options: NSRegularExpression.Options, _ family: String, _ second: String,
        _ third: String, _ fourth: String
    ) -> Rule? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else { return nil }
        return Rule(regex: regex, family: family, second: second, third: third, fourth: fourth)
    }

    /// How many rules compiled, per kind (for tests: every uap-core rule should).
    var counts: (agents: Int, systems: Int, devices: Int) { (agents.count, systems.count, devices.count) }

    /// The browser by uap-core's user-agent rules; `Other` when none matches.
    func browser(_ ua: String) -> UserAgentFamily {
        let text = ua as NSString
        for rule in agents {
            guard let match = Self.firstMatch(rule.regex, text) else { continue }
            let group1 = Self.group(match, 1, text) ?? ""
            let family = rule.family.isEmpty ? group1 : rule.family.replacingOccurrences(of: "$1", with: group1)
            return UserAgentFamily(
                family: family.isEmpty ? "Other" : family,
                major: rule.second.isEmpty ? Self.group(match, 2, text) : rule.second,
                minor: rule.third.isEmpty ? Self.group(match, 3, text) : rule.third
            )
        }
        return UserAgentFamily(family: "Other")
    }

    /// The operating system by uap-core's OS rules; `Other` when none matches.
    func system(_ ua: String) -> UserAgentFamily {
        let text = ua as NSString
        for rule in systems {
            guard let match = Self.firstMatch(rule.regex, text) else { continue }
            return UserAgentFamily(
                family: Self.replace(rule.family.isEmpty ? "$1" : rule.family, match, text) ?? "Other",
                major: Self.replace(rule.second.isEmpty ? "$2" : rule.second, match, text),
                minor: Self.replace(rule.third.isEmpty ? "$3" : rule.third, match, text)
            )
        }
        return UserAgentFamily(family: "Other")
    }

    /// The device by uap-core's device rules; family `Other` when none matches.
    func device(_ ua: String) -> UserAgentDevice {
        let text = ua as NSString
        for rule in devices {
            guard let match = Self.firstMatch(rule.regex, text) else { continue }
            return UserAgentDevice(
                family: Self.replace(rule.family.isEmpty ? "$1" : rule.family, match, text) ?? "Other",
                brand: Self.replace(rule.second, match, text),
                model: Self.replace(rule.third.isEmpty ? "$1" : rule.third, match, text)
            )
        }
        return UserAgentDevice(family: "Other")
    }

    private static func firstMatch(_ regex: NSRegularExpression, _ text: NSString) -> NSTextCheckingResult? {
        regex.firstMatch(in: text as String, options: [], range: NSRange(location: 0, length: text.length))
    }

    /// Match group `index`, nil when it did not take part or is empty.
    private static func group(_ match: NSTextCheckingResult, _ index: Int, _ text: NSString) -> String? {
        guard index < match.numberOfRanges else { return nil }
        let range = match.range(at: index)
        guard range.location != NSNotFound, range.length > 0 else { return nil }
        return text.substring(with: range)
    }

    /// uap-core's replacement: `$n` filled from the groups, trimmed, empty becoming nil.
    private static func replace(_ template: String, _ match: NSTextCheckingResult, _ text: NSString) -> String? {
        guard !template.isEmpty else { return nil }
        var result = ""
        var characters = template.makeIterator()
        while let character = characters.next() {
            guard character == "$" else { result.append(character); continue }
            guard let digit = characters.next() else { result.append("$"); break }
            if let index = digit.wholeNumberValue {
                result += group(match, index, text) ?? ""
            } else {
                result.append("$")
                result.append(digit)
            }
        }
        let trimmed = result.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
