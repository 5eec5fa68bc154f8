/// A telephone number as typed, reduced to a leading plus and ASCII digits.
struct PhoneInput: Sendable, Equatable {
    /// Whether the number started with `+` (or a fullwidth plus).
    let hasPlus: Bool
    /// The digits, as ASCII, in order; any Unicode decimal digit counts (Arabic-Indic, fullwidth, …).
    let digits: String

    /// Punctuation people put in numbers: spaces, dashes, dots, slashes, brackets and tildes.
    private static let separators: Set<Unicode.Scalar> = [
        "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{30FC}", "\u{FF0D}",
        ".", "\u{FF0E}", "/", "\u{FF0F}", "(", ")", "\u{FF08}", "\u{FF09}", "[", "]", "\u{FF3B}", "\u{FF3D}",
        "~", "\u{2053}", "\u{223C}", "\u{FF5E}",
    ]
    private static let plusSigns: Set<Unicode.Scalar> = ["+", "\u{FF0B}"]

    /// Reads `text`; nil when it holds anything but digits, separators and one leading plus.
    ///
    /// Letters (vanity numbers such as 1-800-FLOWERS) and extensions (`ext. 12`, `#12`) are not
    /// accepted: a stored contact number is the number alone.
    init?(_ text: String) {
        var hasPlus = false
        var digits = ""
        for scalar in text.unicodeScalars {
            if let digit = Self.asciiDigit(scalar) {
                digits.unicodeScalars.append(digit)
            } else if Self.plusSigns.contains(scalar) {
                guard !hasPlus, digits.isEmpty else { return nil }
                hasPlus = true
            } else if !(Self.separators.contains(scalar) || scalar.properties.isWhitespace) {
                return nil
            }
        }
        self.hasPlus = hasPlus
        self.digits = digits
    }

    private static func asciiDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
              value >= 0, value <= 9
        else { return nil }
        return Unicode.Scalar(UInt8(0x30 + Int(value)))
    }
}
