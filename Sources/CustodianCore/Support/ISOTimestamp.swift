/// RFC 3339 / ISO 8601 date-times (`2026-11-30T07:09:28.123Z`, `…+01:00`) to and from
/// milliseconds since the Unix epoch, without Foundation's formatters (the collection path parses
/// two per event).
public enum ISOTimestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `nil` when malformed or out of range.
    /// A lower-case `t`/`z` and a space instead of `T` are accepted, as RFC 3339 allows.
    public static func millis(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 20 else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for i in start..<(start + count) {
                let d = Int(b[i]) - 48
                guard d >= 0, d <= 9 else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let year = digits(0, 4), b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D, let day = digits(8, 2),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == 0x20,
              let hour = digits(11, 2), b[13] == 0x3A, let minute = digits(14, 2), b[16] == 0x3A, let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var index = 19
        var millis = 0
        if index < b.count, b[index] == 0x2E {
            index += 1
            var scale = 100
            let start = index
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
                millis += Int(b[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start, index - start <= 9 else { return nil }
        }
        guard index < b.count else { return nil }
        var offsetMinutes = 0
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
            guard index + 6 == b.count, let oh = digits(index + 1, 2), b[index + 3] == 0x3A, let om = digits(index + 4, 2),
                  oh <= 23, om <= 59
            else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
            index += 6
        default:
            return nil
        }
        guard index == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + min(second, 59) - offsetMinutes * 60
        return Int64(seconds) * 1000 + Int64(millis)
    }

    /// Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public static func string(_ millis: Int64) -> String {
        let totalSeconds = Int(millis.floorDivided(by: 1000))
        let ms = Int(millis - Int64(totalSeconds) * 1000)
        let days = totalSeconds.floorDivided(by: 86_400)
        let secondOfDay = totalSeconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(ms, 3))Z"
    }

    /// The UTC calendar day of `millis`, as `YYYY-MM-DD`.
    public static func day(_ millis: Int64) -> String {
        String(string(millis).prefix(10))
    }

    /// Midnight UTC on the first day of `month` of `year`, in ms since the epoch.
    public static func monthStart(year: Int, month: Int) -> Int64 {
        Int64(daysFromCivil(year: year, month: month, day: 1)) * 86_400_000
    }

    /// The UTC year and month of `millis`.
    public static func yearMonth(of millis: Int64) -> (year: Int, month: Int) {
        let (year, month, _) = civil(fromDays: Int(millis.floorDivided(by: 86_400_000)))
        return (year, month)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension BinaryInteger {
    func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
