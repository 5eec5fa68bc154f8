/// Turns a policy into the forms people and machines read: HTML, Markdown and JSON.
///
/// Every clause of the policy appears in each human form; the "what we collect and why" table is
/// generated from the categories and the purposes that read them.
public enum PolicyRenderer {
    /// Anchors and headings of the page, in order; both human forms use the same table of contents.
    static func sections(_ policy: Policy) -> [(id: String, title: String)] {
        [
            ("scope", policy.prose.scope.title),
            ("collection", policy.prose.collection.title),
            ("what-we-collect", "What we collect and why"),
            ("third-parties", policy.prose.thirdParties.title),
            ("exclusions", "Information this policy does not cover"),
            ("use", policy.prose.use.title),
            ("contact", "Contact us"),
            ("comments", policy.prose.comments.title),
        ].map { (id: $0.0, title: policy.resolved($0.1)) }
    }

    /// One row of the "what we collect and why" table.
    struct CollectionRow {
        let category: DataCategory
        let sources: String
        let retention: String
        let purposes: [Purpose]
    }

    static func collectionRows(_ policy: Policy) -> [CollectionRow] {
        policy.categories.map { category in
            CollectionRow(
                category: category,
                sources: category.sources.map(\.label).joined(separator: "; "),
                retention: Retention(category.retention)?.label ?? category.retention,
                purposes: policy.purposes.filter { purpose in
                    purpose.categories.contains { Fideslang.key(category.key, isWithin: $0) }
                }
            )
        }
    }

    /// A purpose's basis and, where it has one, how to say no.
    static func choice(_ purpose: Purpose) -> String {
        var text = purpose.basis.label
        if !purpose.withdrawVia.isEmpty, purpose.basis != .byUse {
            let verb = purpose.basis == .optIn ? "withdraw" : "opt out"
            text += "; \(verb) through " + purpose.withdrawVia.map(withdrawalLabel).joined(separator: ", ")
        }
        if purpose.optOutSignals {
            text += "; Global Privacy Control and Do Not Track are honoured as an opt-out"
        }
        return text
    }

    static func withdrawalLabel(_ channel: String) -> String {
        switch channel {
        case "unsubscribe_link": "the unsubscribe link in each message"
        case "privacy_centre": "your privacy centre"
        case "api": "the API"
        default: channel.replacingAll("_", with: " ")
        }
    }

    /// The purposes a clause refers to, in the clause's order.
    static func purposes(of clause: PolicyClause, in policy: Policy) -> [Purpose] {
        clause.refs.compactMap { policy.purpose($0) }
    }
}
