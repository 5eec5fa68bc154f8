import Foundation

/// UTS #46 processing of a host name as the WHATWG URL standard's "domain to ASCII" asks for it:
/// non-transitional, `CheckHyphens` and `VerifyDnsLength` off, `UseSTD3ASCIIRules` off.
///
/// Each code point is mapped by the IDNA table (upper case to lower, full-width to ASCII,
/// compatibility forms to their base), ignored ones dropped, disallowed ones refused; the result is
/// NFC-normalised and split on dots; `xn--` labels are decoded and must be valid Unicode labels;
/// labels with non-ASCII characters become `xn--` Punycode. Joiners (ZWJ, ZWNJ) are allowed only
/// after a virama (CheckJoiners, the common case of RFC 5892's rule); the bidi rule is not applied.
public enum DomainToASCII {
    /// A converted host: its ASCII form and its Unicode form (the same text when all labels are ASCII).
    public struct Result: Sendable, Equatable {
        public var ascii: String
        public var unicode: String
    }

    /// Converts `domain`; nil when UTS #46 reports an error.
    public static func convert(_ domain: String) -> Result? {
        var mapped = String.UnicodeScalarView()
        for scalar in domain.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                mapped.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
                continue
            }
            let (status, mapping) = IDNAMapping.lookup(scalar)
            switch status {
            case .valid, .deviation: mapped.append(scalar)
            case .mapped: mapped.append(contentsOf: mapping)
            case .ignored: continue
            case .disallowed: return nil
            }
        }
        // NFC changes nothing without combining marks or conjoining jamo: skip Foundation then.
        let needsNFC = mapped.contains { scalar in
            !scalar.isASCII && (scalar.properties.canonicalCombiningClass.rawValue != 0 || (0x1100...0x11FF).contains(scalar.value))
        }
        let normalized = needsNFC ? String(mapped).precomposedStringWithCanonicalMapping : String(mapped)
        var asciiLabels: [String] = []
        var unicodeLabels: [String] = []
        var changed = false
        for label in normalized.unicodeScalars.split(separator: ".", omittingEmptySubsequences: false) {
            let text = String(String.UnicodeScalarView(label))
            if text.utf8.count >= 4, text.utf8.starts(with: "xn--".utf8) {
                guard text.unicodeScalars.allSatisfy(\.isASCII),
                      let decoded = Punycode.decode(String(text.dropFirst(4))),
                      !decoded.isEmpty, !decoded.unicodeScalars.allSatisfy(\.isASCII),
                      isValidLabel(decoded, fromPunycode: true)
                else { return nil }
                asciiLabels.append(text)
                unicodeLabels.append(decoded)
                changed = true
            } else if text.unicodeScalars.allSatisfy(\.isASCII) {
                asciiLabels.append(text)
                unicodeLabels.append(text)
            } else {
                guard isValidLabel(text, fromPunycode: false), let encoded = Punycode.encode(text) else { return nil }
                asciiLabels.append("xn--" + encoded)
                unicodeLabels.append(text)
                changed = true
            }
        }
        let ascii = asciiLabels.joined(separator: ".")
        return Result(ascii: ascii, unicode: changed ? unicodeLabels.joined(separator: ".") : ascii)
    }

    /// UTS #46 validity criteria for one label (section 4.1), as far as CustodianCore applies them.
    static func isValidLabel(_ label: String, fromPunycode: Bool) -> Bool {
        let scalars = Array(label.unicodeScalars)
        guard let first = scalars.first else { return true }
        // Must be NFC; compared as scalars, as String equality would accept an NFD label.
        if fromPunycode, !label.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(label.unicodeScalars) { return false }
        // Without CheckHyphens a label still must not start with xn-- after decoding.
        if scalars.count >= 4, scalars[0] == "x", scalars[1] == "n", scalars[2] == "-", scalars[3] == "-" { return false }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: break
        }
        for (index, scalar) in scalars.enumerated() {
            if scalar == "." { return false }
            if !scalar.isASCII || fromPunycode {
                let (status, _) = IDNAMapping.lookup(scalar)
                guard status == .valid || status == .deviation else { return false }
            }
            // CheckJoiners: ZWNJ and ZWJ only after a virama.
            if scalar.value == 0x200C || scalar.value == 0x200D {
                guard index > 0, scalars[index - 1].properties.canonicalCombiningClass.rawValue == 9 else { return false }
            }
        }
        return true
    }
}
