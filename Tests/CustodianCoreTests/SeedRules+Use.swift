@testable import CustodianCore

extension SeedRules {
    /// Rules for the use clauses and the comment note.
    static let use: [SeedRule] = [
        SeedRule(name: "use heading", phrase: "How do we use information") { p in
            [(p.prose.use.title == "How we use information", "use section title")]
        },
        SeedRule(name: "use intro", phrase: "The purpose of collecting your information") { p in
            [Expect.text(p.prose.use.paragraphs, "quality and personalised service", "use")]
        },
        SeedRule(name: "use list", phrase: "we will use your information for the following purposes") { p in
            [(p.prose.use.clauses.count == 5, "five use clauses")]
        },
        SeedRule(name: "use 1", phrase: "Provide you with the services you use") { p in
            [Expect.purpose(p, "essential.service", .byUse), Expect.purpose(p, "functional.service.improve", .byUse),
             Expect.clause(p.prose.use, refs: "essential.service")]
        },
        SeedRule(name: "use 2", phrase: "Recommend content that may be of interest") { p in
            [Expect.purpose(p, "personalize.content.profiled", .optOut),
             Expect.purpose(p, "marketing.advertising.first_party", .optOut),
             Expect.purpose(p, "marketing.communications.email", .optOut),
             Expect.purpose(p, "third_party_sharing", .optIn),
             (p.purpose("third_party_sharing")?.recipients == ["partners"], "sharing names the partners"),
             (p.purpose("third_party_sharing")?.optOutSignals == true, "GPC opts out of sharing"),
             (p.purpose("marketing.advertising.first_party")?.optOutSignals == true, "GPC opts out of targeting"),
             (p.purpose("personalize.content.profiled")?.optOutSignals == true, "GPC opts out of targeted content")]
        },
        SeedRule(name: "partner offers", phrase: "They send you information about their products") { p in
            [Expect.text([p.purpose("third_party_sharing")?.description ?? ""], "their products and services", "sharing")]
        },
        SeedRule(name: "unsubscribe", phrase: "you can unsubscribe through") { p in
            [(p.purpose("marketing.communications.email")?.withdrawVia.contains("unsubscribe_link") == true,
              "email marketing has an unsubscribe link"),
             (p.purposes.filter { $0.basis == .optOut }.allSatisfy { !$0.withdrawVia.isEmpty },
              "every opt-out purpose has a way out")]
        },
        SeedRule(name: "use 3", phrase: "to prevent, detect, investigate fraud") { p in
            [Expect.purpose(p, "essential.fraud_detection", .byUse), Expect.purpose(p, "essential.service.security", .byUse)]
        },
        SeedRule(name: "use 4", phrase: "We may combine personal information") { p in
            [Expect.purpose(p, "personalize.content.profiling", .optIn)]
        },
        SeedRule(name: "use 4 disclosure", phrase: "=Or disclosure.") { p in
            [Expect.text(p.prose.use.clauses.flatMap(\.paragraphs), "disclose it to, a wider social circle", "use")]
        },
        SeedRule(name: "use 5", phrase: "Other uses permitted by you") { p in
            [Expect.purpose(p, "collect", .optIn), (p.purpose("collect")?.categories == ["user"], "covers all data")]
        },
        SeedRule(name: "comments heading", phrase: "=Leave a Reply") { p in
            [(p.prose.comments.title == "Leave a Reply", "comments title")]
        },
        SeedRule(name: "email not published", phrase: "Your email address will not be published") { p in
            [Expect.text(p.prose.comments.paragraphs, "Your email address will not be published", "comments")]
        },
        SeedRule(name: "required fields", phrase: "Required fields are marked") { p in
            [Expect.text(p.prose.comments.paragraphs, "Required fields are marked *", "comments")]
        },
    ]
}
