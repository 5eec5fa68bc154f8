@testable import CustodianCore

extension SeedRules {
    /// Rules for the collection and third-party clauses.
    static let collection: [SeedRule] = [
        SeedRule(name: "collection heading", phrase: "How to collect information") { p in
            [(p.prose.collection.title == "How we collect information", "collection section title")]
        },
        SeedRule(name: "collection intro", phrase: "We collect information to provide you with quality") { p in
            [Expect.text(p.prose.collection.paragraphs, "to provide you with quality, personalised service", "collection")]
        },
        SeedRule(name: "collection ways", phrase: "The way we collect information is as follows") { p in
            [Expect.text(p.prose.collection.paragraphs, "in the following ways", "collection")]
        },
        SeedRule(name: "provided heading", phrase: "=The information you provide to us.") { p in
            [(p.prose.collection.clauses.first?.title == "The information you provide to us.", "clause 1 title"),
             Expect.clause(p.prose.collection, refs: "provided")]
        },
        SeedRule(name: "registration fields", phrase: "Fill in and/or submit information") { p in
            ["user.name", "user.demographic.gender", "user.demographic.date_of_birth", "user.contact.phone_number",
             "user.contact.email"].map { Expect.category(p, $0, .provided) }
        },
        SeedRule(name: "usage heading", phrase: "=Information collected during your use of the service.") { p in
            [Expect.clause(p.prose.collection, refs: "automatic")]
        },
        SeedRule(name: "browser and computer", phrase: "In order to provide and optimize the services") { p in
            [Expect.category(p, "user.device", .automatic),
             Expect.purpose(p, "essential.service", .byUse),
             Expect.purpose(p, "functional.service.improve", .byUse)]
        },
        SeedRule(name: "automatic fields", phrase: "including but not limited to your IP address") { p in
            [Expect.category(p, "user.device.ip_address", .automatic),
             Expect.category(p, "user.behavior.browsing_history", .automatic),
             Expect.category(p, "user.demographic.language", .automatic),
             Expect.text([p.category("user.behavior.browsing_history")?.description ?? ""], "date and time", "browsing")]
        },
        SeedRule(name: "mobile clients", phrase: "if you access mobile web pages") { p in
            [Expect.category(p, "user.location.imprecise", .automatic),
             Expect.category(p, "user.device.device_id", .automatic),
             Expect.text([p.category("user.device")?.description ?? ""], "operating system", "device"),
             Expect.text([p.category("user.device")?.description ?? ""], "resolution", "device")]
        },
        SeedRule(name: "other information", phrase: "In addition to the above information") { p in
            [Expect.text(p.prose.collection.clauses.flatMap(\.paragraphs), "improve the quality and personalisation",
                         "collection")]
        },
        SeedRule(name: "support, surveys, partners", phrase: "when you contact our customer service team") { p in
            [Expect.category(p, "user.content.private", .provided),
             Expect.text([p.category("user.content.private")?.description ?? ""], "survey", "private content"),
             Expect.category(p, "user.behavior", .partner),
             Expect.purpose(p, "essential.service.operations.support", .byUse)]
        },
        SeedRule(name: "account risk", phrase: "in order to improve the security of your use") { p in
            [Expect.purpose(p, "essential.service.security", .byUse),
             Expect.text([p.purpose("essential.service.security")?.description ?? ""], "phishing", "security")]
        },
        SeedRule(name: "risky URLs", phrase: "And may record some URLs") { p in
            [Expect.text(p.prose.collection.clauses.flatMap(\.paragraphs), "URLs that we consider to be at risk",
                         "collection")]
        },
        SeedRule(name: "third-party heading", phrase: "=Information from third parties") { p in
            [(p.prose.thirdParties.title == "Information from third parties", "third parties title")]
        },
        SeedRule(name: "partners share with us", phrase: "In order to provide you with better, better") { p in
            [(p.recipients.contains { $0.kind == .relatedParty }, "a related-party recipient"),
             (p.recipients.contains { $0.kind == .partner }, "a partner recipient"),
             Expect.category(p, "user.contact.email", .partner),
             Expect.text(p.prose.thirdParties.paragraphs, "prevent Internet fraud", "third parties"),
             Expect.text(p.prose.thirdParties.paragraphs, "agreement or consent", "third parties")]
        },
        SeedRule(name: "exclusions intro", phrase: "the following information does not apply") { p in
            [(p.prose.exclusionsIntroduction.contains("does not apply"), "exclusions introduction"),
             (p.exclusions.count == 4, "four exclusions")]
        },
        SeedRule(name: "exclusion 1", phrase: "(1) Observable data") { p in
            [Expect.exclusion(p, .tradingRecords, "bids")]
        },
        SeedRule(name: "exclusion 2", phrase: "(2) Keyword information") { p in
            [Expect.exclusion(p, .searchKeywords, "search service")]
        },
        SeedRule(name: "exclusion 3", phrase: "(3) Credit evaluation") { p in
            [Expect.exclusion(p, .creditAndViolations, "measures taken against you")]
        },
        SeedRule(name: "exclusion 4", phrase: "(4) Relevant business registration") { p in
            [Expect.exclusion(p, .businessRegistration, "natural")]
        },
    ]
}
