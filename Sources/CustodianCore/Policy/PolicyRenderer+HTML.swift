extension PolicyRenderer {
    /// The policy as an accessible HTML fragment: headings, a linked table of contents, the
    /// "what we collect and why" table and the contact. Every piece of text is escaped.
    public static func html(_ policy: Policy) -> String {
        let text = { (raw: String) in escapeHTML(policy.resolved(raw)) }
        let sectionList = sections(policy)
        let titles = Dictionary(uniqueKeysWithValues: sectionList.map { ($0.id, $0.title) })
        var out: [String] = ["<article class=\"privacy-policy\" aria-labelledby=\"policy-title\">"]
        out.append("<h1 id=\"policy-title\">\(text(policy.prose.title))</h1>")
        out += (policy.prose.introduction + introductionStatements(policy)).map { "<p>\(text($0))</p>" }

        out.append("<nav aria-labelledby=\"contents-title\"><h2 id=\"contents-title\">Contents</h2><ol>")
        out += sectionList.map { "<li><a href=\"#\($0.id)\">\(escapeHTML($0.title))</a></li>" }
        out.append("</ol></nav>")

        func open(_ id: String) -> String {
            "<section id=\"\(id)\" aria-labelledby=\"\(id)-title\"><h2 id=\"\(id)-title\">\(escapeHTML(titles[id] ?? id))</h2>"
        }

        out.append(open("scope"))
        out += policy.prose.scope.paragraphs.map { "<p>\(text($0))</p>" } + ["</section>"]

        out.append(open("collection"))
        out += policy.prose.collection.paragraphs.map { "<p>\(text($0))</p>" }
        out += htmlClauses(policy.prose.collection.clauses, policy) + ["</section>"]

        out.append(open("what-we-collect"))
        out += collectionTable(policy) + ["</section>"]

        out.append(open("third-parties"))
        out += policy.prose.thirdParties.paragraphs.map { "<p>\(text($0))</p>" }
        out += htmlClauses(policy.prose.thirdParties.clauses, policy)
        out.append("<dl>")
        for recipient in policy.recipients {
            let names = recipient.names.isEmpty ? "" : " (\(escapeHTML(recipient.names.joined(separator: ", "))))"
            let flows = flowSentences(recipient, policy).map { "<p>\(text($0))</p>" }.joined()
            out.append("<dt>\(text(recipient.label))\(names)</dt><dd><p>\(text(recipient.description))</p>\(flows)</dd>")
        }
        out += ["</dl>", "</section>"]

        out.append(open("exclusions"))
        out.append("<p>\(text(policy.prose.exclusionsIntroduction))</p><ol>")
        out += policy.exclusions.map {
            "<li id=\"exclusion-\(escapeHTML($0.key))\">\(text($0.description)) <small>\(escapeHTML(erasureSentence($0)))</small></li>"
        }
        out += ["</ol>", "</section>"]

        out.append(open("use"))
        out += policy.prose.use.paragraphs.map { "<p>\(text($0))</p>" }
        out += htmlClauses(policy.prose.use.clauses, policy) + ["</section>"]

        out.append(open("contact"))
        out.append("<p>\(text(policy.controller.contactStatement))</p><ul>")
        out += policy.controller.contactChannels.map(contactItem)
        out += ["</ul>", "</section>"]

        out.append(open("comments"))
        out += policy.prose.comments.paragraphs.map { "<p>\(text($0))</p>" } + ["</section>"]
        out.append("</article>")
        return out.joined(separator: "\n")
    }

    /// Escapes the five characters that matter in HTML text and attribute values.
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func htmlClauses(_ clauses: [PolicyClause], _ policy: Policy) -> [String] {
        guard !clauses.isEmpty else { return [] }
        var out = ["<ol>"]
        for clause in clauses {
            var item = "<li>"
            if let title = clause.title { item += "<strong>\(escapeHTML(policy.resolved(title)))</strong> " }
            item += clause.paragraphs.map { "<p>\(escapeHTML(policy.resolved($0)))</p>" }.joined()
            let uses = purposes(of: clause, in: policy)
            if !uses.isEmpty {
                item += "<ul>" + uses.map {
                    "<li><em>\(escapeHTML($0.title))</em> (<code>\(escapeHTML($0.key))</code>): \(escapeHTML(choice($0))).</li>"
                }.joined() + "</ul>"
            }
            out.append(item + "</li>")
        }
        out.append("</ol>")
        return out
    }

    private static func collectionTable(_ policy: Policy) -> [String] {
        var out = [
            "<table>", "<caption>What we collect, where it comes from, how long we keep it and what we use it for</caption>",
            "<thead><tr><th scope=\"col\">Information</th><th scope=\"col\">Source</th>"
                + "<th scope=\"col\">Kept for</th><th scope=\"col\">Used for</th></tr></thead>", "<tbody>",
        ]
        for row in collectionRows(policy) {
            let uses = row.purposes.map {
                "<li>\(escapeHTML($0.title)) <small>(\(escapeHTML($0.basis.label.lowercased())))</small></li>"
            }.joined()
            out.append(
                "<tr><th scope=\"row\">\(escapeHTML(row.category.label))"
                    + " <code>\(escapeHTML(row.category.key))</code>"
                    + "<br><small>\(escapeHTML(policy.resolved(row.category.description)))</small></th>"
                    + "<td>\(escapeHTML(row.sources))</td><td>\(escapeHTML(row.retention))</td>"
                    + "<td><ul>\(uses)</ul></td></tr>")
        }
        out += ["</tbody>", "</table>"]
        return out
    }

    private static func contactItem(_ channel: ContactChannel) -> String {
        let value = escapeHTML(channel.value)
        let label = escapeHTML(channel.label)
        switch channel.kind {
        case .email: return "<li>\(label): <a href=\"mailto:\(value)\">\(value)</a></li>"
        case .form, .url: return "<li><a href=\"\(value)\">\(label)</a></li>"
        case .phone: return "<li>\(label): <a href=\"tel:\(value)\">\(value)</a></li>"
        case .postal: return "<li>\(label): <address>\(value)</address></li>"
        }
    }
}
