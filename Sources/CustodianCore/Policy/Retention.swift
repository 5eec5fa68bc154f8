/// How long a category is kept, parsed from a policy's `retention` string.
public enum Retention: Sendable, Equatable {
    /// Kept while the person's account exists (`account`).
    case whileAccountExists
    /// Kept for a fixed time after collection (an ISO-8601 duration such as `P30D`).
    case duration(ISODuration)

    /// Parses `account` or an ISO-8601 duration; `nil` when the text is neither.
    public init?(_ text: String) {
        if text == "account" {
            self = .whileAccountExists
        } else if let duration = ISODuration(text) {
            self = .duration(duration)
        } else {
            return nil
        }
    }

    /// A phrase for tables and pages, e.g. "30 days" or "while your account exists".
    public var label: String {
        switch self {
        case .whileAccountExists: "while your account exists"
        case .duration(let duration): duration.label
        }
    }
}

/// An ISO-8601 duration (`PnYnMnWnDTnHnMnS`), with whole-number components only.
public struct ISODuration: Sendable, Equatable {
    public var years = 0
    public var months = 0
    public var weeks = 0
    public var days = 0
    public var hours = 0
    public var minutes = 0
    public var seconds = 0

    /// Parses a duration such as `P30D`, `P1Y6M` or `PT24H`; `nil` when malformed or zero.
    public init?(_ text: String) {
        var rest = Substring(text)
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        var inTime = false
        var digits = ""
        var sawComponent = false
        var sawTimeComponent = false
        var seen = Set<String>()
        for character in rest {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            if character == "T" {
                // A second T, or digits dangling before it, is malformed.
                guard !inTime, digits.isEmpty else { return nil }
                inTime = true
                continue
            }
            guard let value = Int(digits) else { return nil }
            digits = ""
            let unit = (inTime ? "T" : "") + String(character)
            guard seen.insert(unit).inserted else { return nil }
            switch unit {
            case "Y": years = value
            case "M": months = value
            case "W": weeks = value
            case "D": days = value
            case "TH": hours = value
            case "TM": minutes = value
            case "TS": seconds = value
            default: return nil
            }
            sawComponent = true
            sawTimeComponent = sawTimeComponent || inTime
        }
        // "P1DT" promises a time part and gives none.
        guard digits.isEmpty, sawComponent, !inTime || sawTimeComponent, approximateSeconds > 0 else { return nil }
    }

    /// The length in seconds, counting a month as 30 days and a year as 365.
    public var approximateSeconds: Int {
        let dayCount = years * 365 + months * 30 + weeks * 7 + days
        return ((dayCount * 24 + hours) * 60 + minutes) * 60 + seconds
    }

    /// A phrase such as "1 year and 6 months".
    public var label: String {
        let parts: [(Int, String)] = [
            (years, "year"), (months, "month"), (weeks, "week"), (days, "day"),
            (hours, "hour"), (minutes, "minute"), (seconds, "second"),
        ]
        let words = parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        guard let last = words.last else { return "no time" }
        return words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " and " + last
    }
}
