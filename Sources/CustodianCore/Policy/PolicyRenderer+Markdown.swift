extension PolicyRenderer {
    /// The policy as Markdown, with a table of contents and the "what we collect and why" table.
    public static func markdown(_ policy: Policy) -> String {
        let text = policy.resolved
        var out: [String] = ["# \(text(policy.prose.title))", ""]
        for paragraph in policy.prose.introduction + introductionStatements(policy) {
            out += [text(paragraph), ""]
        }
        out += ["## Contents", ""]
        out += sections(policy).map { "- [\($0.title)](#\($0.id))" }
        out.append("")

        let titles = Dictionary(uniqueKeysWithValues: sections(policy).map { ($0.id, $0.title) })
        func heading(_ id: String) -> [String] { ["<a id=\"\(id)\"></a>", "## \(titles[id] ?? id)", ""] }

        out += heading("scope") + paragraphs(policy.prose.scope.paragraphs, text)
        out += heading("collection") + paragraphs(policy.prose.collection.paragraphs, text)
        out += clauses(policy.prose.collection.clauses, policy)

        out += heading("what-we-collect")
        out += ["| Information | Fideslang key | Source | Kept for | Used for |", "|---|---|---|---|---|"]
        for row in collectionRows(policy) {
            let uses = row.purposes.map { "\($0.title) (\($0.basis.label.lowercased()))" }.joined(separator: "; ")
            out.append(
                "| \(cell(row.category.label)): \(cell(text(row.category.description))) | `\(row.category.key)` "
                    + "| \(row.sources) | \(row.retention) | \(cell(uses)) |")
        }
        out.append("")

        out += heading("third-parties") + paragraphs(policy.prose.thirdParties.paragraphs, text)
        out += clauses(policy.prose.thirdParties.clauses, policy)
        for recipient in policy.recipients {
            let names = recipient.names.isEmpty ? "" : " (\(recipient.names.joined(separator: ", ")))"
            out.append("- **\(recipient.label)**\(names): \(text(recipient.description))")
            out += flowSentences(recipient, policy).map { "  \(text($0))" }
        }
        out.append("")

        out += heading("exclusions") + [text(policy.prose.exclusionsIntroduction), ""]
        for (index, exclusion) in policy.exclusions.enumerated() {
            out.append("(\(index + 1)) \(text(exclusion.description)) \(erasureSentence(exclusion))")
            out.append("")
        }

        out += heading("use") + paragraphs(policy.prose.use.paragraphs, text)
        out += clauses(policy.prose.use.clauses, policy)

        out += heading("contact") + [text(policy.controller.contactStatement), ""]
        out += policy.controller.contactChannels.map { "- \($0.label): \($0.value)" }
        out.append("")

        out += heading("comments") + paragraphs(policy.prose.comments.paragraphs, text)
        return out.joined(separator: "\n")
    }

    /// The contact and acceptance sentences that close the seed's opening paragraph.
    static func introductionStatements(_ policy: Policy) -> [String] {
        [policy.controller.contactStatement, policy.acceptance.ifYouDoNotAgree, policy.acceptance.continuedUseConsent]
    }

    private static func paragraphs(_ texts: [String], _ resolve: (String) -> String) -> [String] {
        texts.flatMap { [resolve($0), ""] }
    }

    private static func clauses(_ clauses: [PolicyClause], _ policy: Policy) -> [String] {
        var out: [String] = []
        for (index, clause) in clauses.enumerated() {
            let lead = clause.title.map { "**\(policy.resolved($0))** " } ?? ""
            let body = clause.paragraphs.map(policy.resolved)
            out.append("\(index + 1). \(lead)\(body.first ?? "")")
            for paragraph in body.dropFirst() { out += ["", "   \(paragraph)"] }
            for purpose in purposes(of: clause, in: policy) {
                out.append("   - *\(purpose.title)* (`\(purpose.key)`): \(choice(purpose)).")
            }
            out.append("")
        }
        return out
    }

    private static func cell(_ text: String) -> String {
        text.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }
}
