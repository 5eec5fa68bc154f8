import Testing

@testable import CustodianCore

/// Walks the seed privacy policy clause by clause and checks each is represented in the default
/// policy, structurally (keys, bases, sources) and in its prose.
@Suite("Seed policy, clause by clause")
struct SeedClauseTests {
    static let policy = TestPolicies.defaultPolicy
    static let page = PolicyRenderer.markdown(policy).lowercased()

    @Test("every seed clause is claimed by a rule", arguments: SeedText.clauses())
    func seedClauseIsRepresented(clause: String) {
        let rules = SeedRules.all.filter { $0.matches(clause) }
        #expect(!rules.isEmpty, "no rule covers the seed clause: \(clause)")
        for rule in rules {
            for check in rule.checks(Self.policy) {
                #expect(check.ok, "\(rule.name): \(check.what)")
            }
        }
    }

    @Test("the prose of every seed clause survives on the page", arguments: SeedText.clauses())
    func seedClauseWordsAppearOnThePage(clause: String) {
        let words = Self.contentWords(clause)
        guard words.count >= 3 else { return }
        let missing = words.filter { !Self.page.contains($0) }
        // Tidying fixes grammar and spelling, so allow some words to go, not the substance.
        #expect(Double(missing.count) <= Double(words.count) * 0.35, "missing \(missing) from: \(clause)")
    }

    @Test func everyRuleMatchesSomeSeedClause() {
        let clauses = SeedText.clauses()
        #expect(clauses.count > 40)
        for rule in SeedRules.all {
            #expect(clauses.contains(where: rule.matches), "rule \(rule.name) matches no seed clause")
        }
    }

    static func contentWords(_ text: String) -> [String] {
        let ignored: Set = ["which", "their", "there", "about", "following", "personalized", "optimize", "legal", "levy"]
        return text.lowercased()
            .split { !$0.isLetter }
            .map(String.init)
            .filter { $0.count >= 5 && !ignored.contains($0) }
    }
}
