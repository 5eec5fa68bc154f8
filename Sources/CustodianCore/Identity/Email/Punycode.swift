/// RFC 3492 Punycode: the Bootstring encoding IDNA uses to carry Unicode labels in ASCII.
///
/// This is the bare algorithm on one label, without the `xn--` prefix or any IDNA mapping;
/// `EmailDomain` adds those. Basic code points keep their case, as the RFC's samples show.
public enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN: UInt32 = 0x80
    private static let delimiter: Character = "-"

    /// Encodes `input`; nil when a count would overflow (inputs far beyond any DNS label).
    public static func encode(_ input: String) -> String? {
        let scalars = input.unicodeScalars.map(\.value)
        var output = String(String.UnicodeScalarView(input.unicodeScalars.filter(\.isASCII)))
        let basicCount = output.unicodeScalars.count
        var handled = basicCount
        if basicCount > 0 { output.append(delimiter) }

        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < scalars.count {
            guard let m = scalars.filter({ $0 >= n }).min() else { return nil }
            let (step, overflow) = Int(m - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow, delta <= Int(Int32.max) - step else { return nil }
            delta += step
            n = m
            for c in scalars {
                if c < n {
                    delta += 1
                    guard delta <= Int(Int32.max) else { return nil }
                }
                guard c == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = threshold(k, bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta: delta, count: handled + 1, first: handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return output
    }

    /// Decodes `input`; nil when it is not valid Punycode.
    public static func decode(_ input: String) -> String? {
        guard input.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        var output: [UInt32] = []
        var rest = Substring(input)
        if let split = input.lastIndex(of: delimiter) {
            output = input[..<split].unicodeScalars.map(\.value)
            rest = input[input.index(after: split)...]
        }
        var n = initialN
        var i = 0
        var bias = initialBias
        var iterator = rest.makeIterator()
        var next = iterator.next()
        while next != nil {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard let character = next, let d = value(of: character) else { return nil }
                next = iterator.next()
                let (product, overflow) = d.multipliedReportingOverflow(by: w)
                guard !overflow, i <= Int(Int32.max) - product else { return nil }
                i += product
                let t = threshold(k, bias)
                if d < t { break }
                let (newW, wOverflow) = w.multipliedReportingOverflow(by: base - t)
                guard !wOverflow, newW <= Int(Int32.max) else { return nil }
                w = newW
                k += base
            }
            bias = adapt(delta: i - oldI, count: output.count + 1, first: oldI == 0)
            let (advance, _) = (i / (output.count + 1)).addingReportingOverflow(Int(n))
            guard advance <= 0x10FFFF else { return nil }
            n = UInt32(advance)
            i %= output.count + 1
            guard n >= initialN, Unicode.Scalar(n) != nil else { return nil }
            output.insert(n, at: i)
            i += 1
        }
        var result = String.UnicodeScalarView()
        for value in output {
            guard let scalar = Unicode.Scalar(value) else { return nil }
            result.append(scalar)
        }
        return String(result)
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    private static func adapt(delta: Int, count: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digit(_ d: Int) -> Character {
        let value = d < 26 ? 0x61 + d : 0x30 + d - 26
        return Character(Unicode.Scalar(UInt8(value)))
    }

    private static func value(of character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case 0x30...0x39: return Int(ascii) - 0x30 + 26
        case 0x41...0x5A: return Int(ascii) - 0x41
        case 0x61...0x7A: return Int(ascii) - 0x61
        default: return nil
        }
    }
}
