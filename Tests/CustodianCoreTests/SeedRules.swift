@testable import CustodianCore

/// One expectation about the default policy, tied to the seed clauses it encodes.
struct SeedRule: Sendable {
    let name: String
    let phrase: String
    let checks: @Sendable (Policy) -> [(ok: Bool, what: String)]

    func matches(_ clause: String) -> Bool {
        phrase.hasPrefix("=") ? clause == String(phrase.dropFirst()) : clause.contains(phrase)
    }
}

/// Helpers that phrase the checks.
enum Expect {
    static func category(_ p: Policy, _ key: String, _ source: DataSource) -> (Bool, String) {
        (p.category(key)?.sources.contains(source) == true, "category \(key) with source \(source.rawValue)")
    }

    static func purpose(_ p: Policy, _ key: String, _ basis: LegalBasis) -> (Bool, String) {
        (p.purpose(key)?.basis == basis, "purpose \(key) with basis \(basis.rawValue)")
    }

    static func text(_ haystack: [String], _ needle: String, _ what: String) -> (Bool, String) {
        (haystack.contains { $0.contains(needle) }, "\(what) contains \"\(needle)\"")
    }

    static func exclusion(_ p: Policy, _ kind: ExclusionKind, _ needle: String) -> (Bool, String) {
        (p.exclusions.contains { $0.kind == kind && $0.description.contains(needle) },
         "exclusion \(kind.rawValue) mentioning \"\(needle)\"")
    }

    static func clause(_ section: PolicySection, refs key: String) -> (Bool, String) {
        (section.clauses.contains { $0.refs.contains(key) }, "\(section.title) has a clause about \(key)")
    }
}

/// The rules, one or more per seed clause.
enum SeedRules {
    static var all: [SeedRule] { introduction + collection + use }

    /// Rules for the title, opening paragraph and scope.
    static let introduction: [SeedRule] = [
        SeedRule(name: "title", phrase: "=Privacy Policy") { p in
            [(p.prose.title == "Privacy Policy", "title")]
        },
        SeedRule(name: "controller", phrase: "(hereinafter referred to as “we”)") { p in
            [(p.controller.name == "the Platform", "controller name defaults to the Platform"),
             Expect.text(p.prose.introduction, "{controller} (hereinafter referred to as “we”)", "introduction"),
             Expect.text(p.prose.introduction, "in accordance with this Privacy Policy", "introduction")]
        },
        SeedRule(name: "contents", phrase: "contains provisions for the collection") { p in
            [Expect.text(p.prose.introduction, "collection, storage, use, sharing and protection", "introduction")]
        },
        SeedRule(name: "read in full", phrase: "We encourage you to read") { p in
            [Expect.text(p.prose.introduction, "read this Privacy Policy in its entirety", "introduction")]
        },
        SeedRule(name: "contact", phrase: "If you have any questions") { p in
            [Expect.text([p.controller.contactStatement], "contact information published on the Platform", "contact"),
             (!p.controller.contactChannels.isEmpty, "at least one contact channel")]
        },
        SeedRule(name: "stop using", phrase: "If you do not agree") { p in
            [Expect.text([p.acceptance.ifYouDoNotAgree], "stop using", "if you do not agree")]
        },
        SeedRule(name: "continued use", phrase: "By continuing to use") { p in
            [Expect.text([p.acceptance.continuedUseConsent], "By continuing to use", "continued use"),
             Expect.text([p.acceptance.continuedUseConsent], "you consent", "continued use"),
             (p.acceptance.model == .continuedUse, "acceptance model is continued use")]
        },
        SeedRule(name: "scope heading", phrase: "=Scope of application") { p in
            [(p.prose.scope.title == "Scope of application", "scope title")]
        },
        SeedRule(name: "scope", phrase: "This Privacy Policy applies to all services") { p in
            [Expect.text(p.prose.scope.paragraphs, "applies to all services provided by the Platform", "scope"),
             Expect.text(p.prose.scope.paragraphs, "client applications", "scope")]
        },
    ]
}
