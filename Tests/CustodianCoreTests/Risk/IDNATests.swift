@testable import CustodianCore
import Testing

@Suite("IDNA, scripts and confusables")
struct IDNATests {
    /// Domain to ASCII (UTS #46, non-transitional) against what Python's `idna` (uts46=True) gives.
    @Test(arguments: [
        ("bücher.de", "xn--bcher-kva.de"),
        ("BÜCHER.DE", "xn--bcher-kva.de"),
        ("faß.de", "xn--fa-hia.de"),
        ("ＥＸＡＭＰＬＥ．ｃｏｍ", "example.com"),
        ("example｡com", "example.com"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("例え.テスト", "xn--r8jz45g.xn--zckzah"),
        ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
        ("a\u{00AD}b.example", "ab.example"),
        ("ǅ.example", "xn--d-toa.example"),
        ("ﬁ.example", "fi.example"),
        ("ⅷ.example", "viii.example"),
    ])
    func convertsLikeUTS46(input: String, ascii: String) throws {
        #expect(try #require(DomainToASCII.convert(input)).ascii == ascii)
    }

    @Test(arguments: ["xn--a.example", "xn--ls8h.xn--", "\u{0301}a.example", "a\u{200D}b.example", "xn--bcher-KVA.de\u{FFFF}"])
    func refusesWhatUTS46Refuses(input: String) {
        #expect(DomainToASCII.convert(input) == nil, "\(input)")
    }

    @Test func decodesALabelsToTheirUnicodeForm() throws {
        let result = try #require(DomainToASCII.convert("xn--e1afmkfd.xn--p1ai"))
        #expect(result.unicode == "пример.рф")
    }

    @Test func scriptsAreTold() {
        #expect(UnicodeScripts.script(of: "a") == "Latin")
        #expect(UnicodeScripts.script(of: "а") == "Cyrillic")
        #expect(UnicodeScripts.script(of: "ο") == "Greek")
        #expect(UnicodeScripts.script(of: "7") == "Common")
        #expect(UnicodeScripts.script(of: "字") == "Han")
    }

    @Test(arguments: [
        ("pаypal", true), ("paypal", false), ("пример", false), ("bücher", false), ("gοοgle", true), ("日本語テスト", false),
        ("abc日本", false), ("한국abc", false), ("аpple-123", true),
    ])
    func mixedScriptLabelsAreFound(label: String, mixed: Bool) {
        #expect(UnicodeScripts.isMixedScript(label) == mixed, "\(label)")
    }

    @Test(arguments: [
        ("pаypal", "paypal"), ("раураl", "paypal"), ("g00gle", "google"), ("rnicrosoft", "microsoft"), ("paypa1", "paypal"),
        ("αpple", "apple"), ("ɑpple", "apple"), ("аррlе", "apple"), ("examp1e", "example"),
    ])
    func lookAlikesShareASkeleton(lookalike: String, original: String) {
        #expect(Confusables.skeleton(lookalike) == Confusables.skeleton(original), "\(lookalike)")
    }

    @Test func differentNamesHaveDifferentSkeletons() {
        #expect(Confusables.skeleton("paypal") != Confusables.skeleton("paypai"))
        #expect(Confusables.skeleton("example") != Confusables.skeleton("examples"))
    }
}

@Suite("Skeletons of ASCII bytes")
struct ASCIISkeletonTests {
    @Test func theByteSkeletonIsTheStringSkeletonForEveryASCIICharacter() {
        let text = String((0x20..<0x7F).map { Character(Unicode.Scalar(UInt8($0))) }) + "rnicrosoft.com g00gle paypa1"
        let bytes = Array(text.utf8)
        let out = bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: input.count * Confusables.asciiExpansion) { buffer, count in
                count = Confusables.asciiSkeleton(input, into: buffer)
            }
        }
        #expect(String(decoding: out, as: UTF8.self) == Confusables.skeleton(text))
    }
}
