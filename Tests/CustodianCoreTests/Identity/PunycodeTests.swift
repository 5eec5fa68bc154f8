import Testing
@testable import CustodianCore

@Suite("Punycode (RFC 3492)")
struct PunycodeTests {
    /// RFC 3492 section 7.1 samples (B, D, G, I–Q, S), plus two IDN labels.
    static let samples: [(String, String)] = [
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
        ("Pročprostěnemluvíčesky", "Proprostnemluvesky-uyb24dma41a"),
        ("なぜみんな日本語を話してくれないのか", "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"),
        ("почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"),
        ("PorquénopuedensimplementehablarenEspañol", "PorqunopuedensimplementehablarenEspaol-fmd56a"),
        ("TạisaohọkhôngthểchỉnóitiếngViệt", "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g"),
        ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
        ("安室奈美恵-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
        ("Hello-Another-Way-それぞれの場所", "Hello-Another-Way--fc4qua05auwb3674vfr0b"),
        ("ひとつ屋根の下2", "2-u9tlzr9756bt3uc0v"),
        ("MajiでKoiする5秒前", "MajiKoi5-783gue6qz075azm5e"),
        ("パフィーdeルンバ", "de-jg4avhby1noc0d"),
        ("そのスピードで", "d9juau41awczczp"),
        ("-> $1.00 <-", "-> $1.00 <--"),
        ("bücher", "bcher-kva"),
        ("例子", "fsqu00a"),
    ]

    @Test(arguments: samples)
    func encodes(unicode: String, encoded: String) {
        #expect(Punycode.encode(unicode) == encoded)
    }

    @Test(arguments: samples)
    func decodes(unicode: String, encoded: String) {
        let decoded = Punycode.decode(encoded)
        #expect(decoded.map { Array($0.unicodeScalars) } == Array(unicode.unicodeScalars))
    }

    @Test func decodingIgnoresTheCaseOfDigits() {
        #expect(Punycode.decode("b1abfaaepdrnnbgefbaDotcwatmq2g4l") == "почемужеонинеговорятпорусски")
    }

    @Test(arguments: ["bcher-kv!", "ü-abc", "99999999999999999", "zzzzzzzzzzzzzzzzzzzzz", "a-b-\u{e9}"])
    func rejectsInvalidInput(_ text: String) {
        #expect(Punycode.decode(text) == nil)
    }
}
