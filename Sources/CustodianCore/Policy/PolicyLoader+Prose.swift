/// Reading the prose part of a policy file.
extension PolicyLoader {
    static func prose(_ value: YAMLValue) throws(PolicyLoadError) -> PolicyProse {
        let map = try value.mapping(keys: [
            "title", "introduction", "scope", "collection", "third_parties", "exclusions_introduction", "use",
            "comments",
        ])
        return PolicyProse(
            title: try map.string("title"),
            introduction: try map.strings("introduction", required: true),
            scope: try section(map.required("scope")),
            collection: try section(map.required("collection")),
            thirdParties: try section(map.required("third_parties")),
            exclusionsIntroduction: try map.string("exclusions_introduction"),
            use: try section(map.required("use")),
            comments: try section(map.required("comments"))
        )
    }

    static func section(_ value: YAMLValue) throws(PolicyLoadError) -> PolicySection {
        let map = try value.mapping(keys: ["title", "paragraphs", "clauses"])
        return PolicySection(
            title: try map.string("title"),
            paragraphs: try map.strings("paragraphs"),
            clauses: try map.list("clauses") { item throws(PolicyLoadError) in
                let clause = try item.mapping(keys: ["title", "paragraphs", "refs"])
                return PolicyClause(
                    title: try clause.optionalString("title"),
                    paragraphs: try clause.strings("paragraphs", required: true),
                    refs: try clause.strings("refs")
                )
            }
        )
    }
}
