import Testing
@testable import CustodianCore

@Suite("Names")
struct NameRulesTests {
    let rules = NameRules()

    func code(_ input: String) -> NameValidationError.Code? {
        if case .failure(let error) = rules.normalize(input) { return error.code }
        return nil
    }

    @Test func trimsAndCollapsesWhitespace() throws {
        #expect(try rules.normalize("  Ada \t  King\n Lovelace ").get() == "Ada King Lovelace")
        #expect(try rules.normalize("Ada\u{3000}Lovelace\u{2028}Byron").get() == "Ada Lovelace Byron")
    }

    @Test func normalisesToNFC() throws {
        let name = try rules.normalize("Zo\u{0065}\u{0308}").get()
        #expect(Array(name.unicodeScalars) == ["Z", "o", "\u{00EB}"])
    }

    @Test(arguments: ["O'Brien", "Jean-Luc Picard", "李小龍", "Σωκράτης", "محمد", "Nguyễn Thị Minh Khai", "X Æ A-12", "मोहनदास करमचंद गांधी", "Ṁ"])
    func acceptsNamesInAnyScript(_ name: String) throws {
        #expect(try rules.normalize(name).get() == name.precomposedStringWithCanonicalMapping)
    }

    @Test func keepsJoinersThatScriptsNeed() {
        // Zero-width non-joiner inside a Persian name.
        #expect(code("می\u{200C}خواهم") == nil)
    }

    @Test func required() {
        #expect(code("") == .required)
        #expect(code(" \n\t ") == .required)
    }

    @Test func lengthCountsUserPerceivedCharacters() {
        #expect(code(String(repeating: "a", count: 100)) == nil)
        #expect(code(String(repeating: "a", count: 101)) == .tooLong)
        // 100 flags are 200 scalars but 100 characters.
        #expect(code(String(repeating: "🇬🇧", count: 100)) == nil)
        #expect(NameRules(maximumLength: 5).normalize("Alexander") == .failure(NameValidationError(.tooLong, "A name can be at most 5 characters long.")))
    }

    @Test(arguments: ["Ada\u{0}", "Ada\u{7}Lovelace", "Ada\u{202E}ecalevoL", "Ada\u{2066}x", "\u{E000}Ada", "Ada\u{0378}"])
    func rejectsControlAndInvisibleCharacters(_ input: String) {
        #expect(code(input) == .invalidCharacter)
    }

    @Test(arguments: ["\u{0301}Ada", "Ada \u{0301}Lovelace", "Ada \u{0301}", "\u{0301}", "  \u{20DD}"])
    func rejectsLoneCombiningMarks(_ input: String) {
        #expect(code(input) == .loneCombiningMark)
    }

    @Test func everyErrorCodeIsProduced() {
        let produced = Set(["", String(repeating: "a", count: 101), "A\u{0}", "\u{301}"].compactMap(code))
        #expect(produced == Set(NameValidationError.Code.allCases))
    }
}
