import Testing
@testable import CustodianCore

@Suite("Passwords")
struct PasswordRulesTests {
    let rules = PasswordRules()

    func code(_ password: String, rules: PasswordRules = PasswordRules()) -> PasswordValidationError.Code? {
        if case .failure(let error) = rules.validate(password) { return error.code }
        return nil
    }

    @Test func acceptsALongUncommonPassword() {
        #expect(code("correct horse battery staple") == nil)
        #expect(code("ünïcødé-pässwörd") == nil)
    }

    @Test func required() {
        #expect(code("") == .required)
    }

    @Test func minimumLengthInCharacters() {
        #expect(code("x7#kQ2!vb") == .tooShort)
        #expect(code("x7#kQ2!vbz") == nil)
        // Ten characters, twenty bytes.
        #expect(code("ÄÖÜäöüßÉÈÊ") == nil)
        #expect(rules.minimumLength == 10)
    }

    @Test func minimumCannotGoBelowTheListsShortestEntry() {
        #expect(PasswordRules(minimumLength: 4).minimumLength == 8)
        #expect(code("x7#kQ2!v", rules: PasswordRules(minimumLength: 8)) == nil)
    }

    @Test func maximumLengthInBytes() {
        #expect(code(String(repeating: "a", count: 1023) + "b") == nil)
        #expect(code(String(repeating: "a", count: 1025)) == .tooLong)
        #expect(code(String(repeating: "é", count: 513)) == .tooLong)
    }

    @Test(arguments: ["1234567890", "qwertyuiop", "Password123", "PASSWORD1!", "1q2w3e4r5t", "iloveyou12"])
    func rejectsCommonPasswords(_ password: String) {
        #expect(code(password, rules: PasswordRules(minimumLength: 8)) == .tooCommon)
    }

    @Test func listIsLoaded() {
        #expect(CommonPasswords.all.count == 8354)
        #expect(CommonPasswords.all.allSatisfy { $0.count >= CommonPasswords.minimumLength || $0.unicodeScalars.count >= CommonPasswords.minimumLength })
        #expect(CommonPasswords.contains("PASSWORD1"))
    }

    @Test func everyErrorCodeIsProduced() {
        let produced = Set(["", "short", String(repeating: "a", count: 2000), "1234567890"].compactMap { code($0) })
        #expect(produced == Set(PasswordValidationError.Code.allCases))
    }
}
