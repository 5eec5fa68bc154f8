import Testing
@testable import CustodianCore

@Suite("Email addresses")
struct EmailValidatorTests {
    func address(_ input: String) -> EmailAddress? {
        try? EmailValidator().validate(input).get()
    }

    func code(_ input: String) -> EmailValidationError.Code? {
        if case .failure(let error) = EmailValidator().validate(input) { return error.code }
        return nil
    }

    @Test(arguments: [
        "alice@example.org", "a.b-c+tag@sub.example.co.uk", "o'brien@example.ie", "x@example.museum",
        "user!#$%&'*+-/=?^_`{|}~@example.org", "1234@123.example.com",
    ])
    func acceptsPlainAddresses(_ input: String) {
        #expect(address(input)?.normalized == input)
    }

    @Test func domainIsLowerCasedAndLocalPartKeepsItsCase() throws {
        let email = try #require(address("  Alice.Smith@Example.ORG \n"))
        #expect(email.normalized == "Alice.Smith@example.org")
        #expect(email.lookupKey == "alice.smith@example.org")
        #expect(email.asciiDomain == "example.org")
    }

    @Test func internationalAddressInChinese() throws {
        let email = try #require(address("用户@例子.广告"))
        #expect(email.localPart == "用户")
        #expect(email.domain == "例子.广告")
        #expect(email.asciiDomain == "xn--fsqu00a.xn--4rr70v")
        #expect(email.asciiForm == "用户@xn--fsqu00a.xn--4rr70v")
    }

    @Test func internationalDomainIsNormalisedToLowerCaseNFC() throws {
        // "BÜCHER" with a decomposed Ü (U+0055 U+0308).
        let email = try #require(address("jörg@B\u{0055}\u{0308}CHER.example"))
        #expect(Array(email.domain.unicodeScalars) == Array("bücher.example".unicodeScalars))
        #expect(email.asciiDomain == "xn--bcher-kva.example")
        #expect(email.normalized == "jörg@bücher.example")
    }

    @Test func punycodeDomainReadsAsItsUnicodeForm() throws {
        let email = try #require(address("jörg@XN--BCHER-KVA.example"))
        #expect(email.domain == "bücher.example")
        #expect(email.lookupKey == address("JÖRG@bücher.example")?.lookupKey)
    }

    @Test func ideographicFullStopSeparatesLabels() {
        #expect(address("用户@例子。广告")?.asciiDomain == "xn--fsqu00a.xn--4rr70v")
    }

    @Test func throwingInitialiser() throws {
        #expect(try EmailAddress("bob@example.org").normalized == "bob@example.org")
        #expect(throws: EmailValidationError.self) { try EmailAddress("bob") }
    }

    @Test func required() {
        #expect(code("") == .required)
        #expect(code("   ") == .required)
    }

    @Test func lengthLimits() {
        let local64 = String(repeating: "a", count: 64)
        #expect(address("\(local64)@example.org") != nil)
        #expect(code("\(local64)a@example.org") == .tooLong)
        // 64 + 1 + 189 = 254 octets is the most; one more is too long.
        func domain(_ length: Int) -> String {
            [String(repeating: "b", count: 63), String(repeating: "c", count: 63), String(repeating: "d", count: length - 136), "example"]
                .joined(separator: ".")
        }
        #expect(domain(189).utf8.count == 189)
        #expect(address("\(local64)@\(domain(189))") != nil)
        #expect(code("\(local64)@\(domain(190))") == .tooLong)
        #expect(code(String(repeating: "a", count: 2000) + "@example.org") == .tooLong)
    }

    @Test func localPartLimitCountsOctets() {
        // 22 three-octet characters = 66 octets.
        #expect(code(String(repeating: "用", count: 22) + "@example.org") == .tooLong)
        #expect(address(String(repeating: "用", count: 21) + "@example.org") != nil)
    }

    @Test(arguments: [
        "plainaddress", "@example.org", "alice@", "a@b@example.org", ".alice@example.org", "alice.@example.org",
        "al..ice@example.org", "al ice@example.org", "\"alice\"@example.org", "alice(comment)@example.org",
        "al\u{0}ice@example.org", "alice,bob@example.org",
    ])
    func invalidFormat(_ input: String) {
        #expect(code(input) == .invalidFormat)
    }

    @Test(arguments: [
        "alice@localhost", "alice@example..org", "alice@.example.org", "alice@example.org.", "alice@-example.org",
        "alice@example-.org", "alice@exa_mple.org", "alice@[192.0.2.1]", "alice@192.0.2.1", "alice@example.123",
        "alice@ex ample.org", "alice@xn--zz.example", "alice@xn--bcher-kva.xn--.org", "alice@ab--ü.example",
        "alice@\u{301}a.example", "alice@xn--bucher-xyd.example",
    ])
    func invalidDomain(_ input: String) {
        #expect(code(input) == .invalidDomain)
    }

    @Test func labelLimitIsCheckedOnTheASCIIForm() {
        #expect(address("a@" + String(repeating: "x", count: 63) + ".org") != nil)
        #expect(code("a@" + String(repeating: "x", count: 64) + ".org") == .invalidDomain)
        // 27 characters of Unicode, 67 of Punycode.
        #expect(code("a@他们为什么不说中文なぜみんな日本語を話してくれないのか.org") == .invalidDomain)
    }

    @Test func everyErrorCodeIsProduced() {
        let produced = Set(["", String(repeating: "a", count: 65) + "@example.org", "nope", "a@localhost"].compactMap(code))
        #expect(produced == Set(EmailValidationError.Code.allCases))
    }
}
