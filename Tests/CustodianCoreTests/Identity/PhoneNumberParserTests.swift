import Testing
@testable import CustodianCore

@Suite("Phone numbers")
struct PhoneNumberParserTests {
    func e164(_ input: String, region: String? = nil) -> String? {
        try? PhoneNumberParser(defaultRegion: region).parse(input).get().e164
    }

    func code(_ input: String, region: String? = nil) -> PhoneValidationError.Code? {
        if case .failure(let error) = PhoneNumberParser(defaultRegion: region).parse(input) { return error.code }
        return nil
    }

    @Test(arguments: [
        ("+44 20 7946 0958", "+442079460958", "GB", PhoneNumberType.fixedLine),
        ("+44 7400 123456", "+447400123456", "GB", .mobile),
        ("+1 201-555-0123", "+12015550123", "US", .fixedLineOrMobile),
        ("+1 800 555 0123", "+18005550123", "US", .tollFree),
        ("+49 30 123456", "+4930123456", "DE", .fixedLine),
        ("+49 1512 3456789", "+4915123456789", "DE", .mobile),
        ("+33 6 12 34 56 78", "+33612345678", "FR", .mobile),
        ("+91 81234 56789", "+918123456789", "IN", .mobile),
        ("+86 131 2345 6789", "+8613123456789", "CN", .mobile),
        ("+81 90-1234-5678", "+819012345678", "JP", .mobile),
        ("+55 11 96123-4567", "+5511961234567", "BR", .mobile),
        ("+61 412 345 678", "+61412345678", "AU", .mobile),
        ("+234 802 123 4567", "+2348021234567", "NG", .mobile),
        ("+39 06 1234 5678", "+390612345678", "IT", .fixedLine),
    ])
    func internationalNumbers(input: String, expected: String, region: String, type: PhoneNumberType) throws {
        let number = try PhoneNumberParser().parse(input).get()
        #expect(number.e164 == expected)
        #expect(number.region == region)
        #expect(number.type == type)
    }

    @Test(arguments: [
        ("020 7946 0958", "GB", "+442079460958"),
        ("(201) 555-0123", "US", "+12015550123"),
        ("1 201 555 0123", "US", "+12015550123"),
        ("030 123456", "DE", "+4930123456"),
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("081234 56789", "IN", "+918123456789"),
        ("010 1234 5678", "CN", "+861012345678"),
        ("03-1234-5678", "JP", "+81312345678"),
        ("(11) 96123-4567", "BR", "+5511961234567"),
        ("(02) 1234 5678", "AU", "+61212345678"),
        ("0802 123 4567", "NG", "+2348021234567"),
        ("01534 456789", "JE", "+441534456789"),
    ])
    func nationalNumbersWithDefaultRegion(input: String, region: String, expected: String) {
        #expect(e164(input, region: region) == expected)
    }

    @Test func internationalPrefixOfTheDefaultRegion() {
        #expect(e164("0044 20 7946 0958", region: "GB") == "+442079460958")
        #expect(e164("011 44 20 7946 0958", region: "US") == "+442079460958")
        #expect(e164("0049 30 123456", region: "GB") == "+4930123456")
    }

    @Test func countryCodeWithoutPlusInTheDefaultRegion() {
        #expect(e164("44 20 7946 0958", region: "GB") == "+442079460958")
    }

    @Test func nationalPrefixAfterTheCountryCode() {
        #expect(e164("+44 (0)20 7946 0958") == "+442079460958")
    }

    @Test func carrierCodeIsStrippedInBrazil() {
        #expect(e164("0 21 11 96123 4567", region: "BR") == "+5511961234567")
    }

    @Test func regionIsFoundAmongThoseSharingACode() throws {
        #expect(try PhoneNumberParser().parse("+1 242 359 1234").get().region == "BS")
        #expect(try PhoneNumberParser().parse("+7 701 123 4567").get().region == "KZ")
        #expect(try PhoneNumberParser().parse("+7 912 345 6789").get().region == "RU")
        #expect(try PhoneNumberParser().parse("+44 1534 456789").get().region == "JE")
    }

    @Test func nonGeographicNumbers() throws {
        let number = try PhoneNumberParser().parse("+800 1234 5678").get()
        #expect(number.e164 == "+80012345678")
        #expect(number.region == PhoneNumberParser.nonGeographicRegion)
        #expect(number.type == .tollFree)
    }

    @Test func punctuationAndUnicodeDigitsAreTolerated() {
        #expect(e164("+44.20.7946.0958") == "+442079460958")
        #expect(e164("  +44 (20) 7946-0958\n") == "+442079460958")
        #expect(e164("＋４４ ２０ ７９４６ ０９５８") == "+442079460958")
        #expect(e164("+44 20 7946 0958", region: "gb") == "+442079460958")
    }

    @Test func leadingZeroOfItalianNumbersIsKept() throws {
        #expect(try PhoneNumberParser().parse("+39 06 1234 5678").get().nationalNumber == "0612345678")
    }

    @Test func requiredWhenBlank() {
        #expect(code("") == .required)
        #expect(code("  \t ") == .required)
    }

    @Test func invalidCountryCode() {
        #expect(code("+999 1234 5678") == .invalidCountryCode)
        #expect(code("+0 1234 5678") == .invalidCountryCode)
        #expect(code("00 999 1234 5678", region: "GB") == .invalidCountryCode)
    }

    @Test func tooShort() {
        #expect(code("+44 7911") == .tooShort)
        #expect(code("555 0123", region: "US") == .tooShort)
        #expect(code("+44 1") == .tooShort)
    }

    @Test func tooLong() {
        #expect(code("+44 20 7946 09581234") == .tooLong)
        #expect(code("+44 1234 5678 9012 3456 7890") == .tooLong)
        #expect(code("+44 " + String(repeating: "1", count: 300)) == .tooLong)
    }

    @Test func invalidNumbers() {
        #expect(code("+1 201 055 0123") == .invalidNumber)
        #expect(code("+44 20 7946 095") == .invalidNumber)
        #expect(code("call me", region: "GB") == .invalidNumber)
        #expect(code("+44 20 7946 0958 ext. 12") == .invalidNumber)
        #expect(code("1-800-FLOWERS", region: "US") == .invalidNumber)
        #expect(code("+44 +20 7946 0958") == .invalidNumber)
    }

    @Test func unknownRegion() {
        #expect(code("020 7946 0958") == .unknownRegion)
        #expect(code("020 7946 0958", region: "XX") == .unknownRegion)
        #expect(e164("+44 20 7946 0958", region: "XX") == "+442079460958")
    }

    @Test func everyErrorCodeIsProduced() {
        let produced: Set<PhoneValidationError.Code> = [
            code(""), code("+999 1"), code("+44 1"), code("+44 20 7946 09581234"), code("+1 201 055 0123"), code("0207"),
        ].compactMap { $0 }.reduce(into: []) { $0.insert($1) }
        #expect(produced == Set(PhoneValidationError.Code.allCases))
    }

    @Test func parsingIsSafeFromManyTasks() async {
        let results = await withTaskGroup(of: String?.self) { group in
            for region in ["GB", "US", "DE", "FR", "IN", "CN", "JP", "BR", "AU", "NG"] {
                group.addTask { try? PhoneNumberParser(defaultRegion: region).parse("+44 20 7946 0958").get().e164 }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: "+442079460958", count: 10))
    }
}
