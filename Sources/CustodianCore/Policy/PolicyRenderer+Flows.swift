/// Sentences about what related parties and partners may receive and send, and what happens to
/// out-of-scope records on erasure, shared by the HTML and Markdown pages.
extension PolicyRenderer {
    /// One sentence per direction a recipient's data flows in, in plain words.
    static func flowSentences(_ recipient: Recipient, _ policy: Policy) -> [String] {
        let label = { (key: String) in policy.category(key)?.label.lowercased() ?? key }
        var sentences: [String] = []
        if let receives = recipient.receives, !receives.isEmpty {
            let uses = policy.purposes.filter { $0.recipients.contains(recipient.key) }.map(\.title)
            sentences.append(
                "We may give them: \(receives.map(label).joined(separator: ", "))"
                    + (uses.isEmpty ? "" : ", only for: \(uses.joined(separator: "; ")) (\(choiceOfUses(recipient, policy)))") + ".")
        }
        for entry in recipient.sends ?? [] {
            var basis = entry.basis.label.lowercased()
            if entry.basis == .consent, let key = entry.purpose, let purpose = policy.purpose(key) {
                basis = "only with your consent to \u{201C}\(purpose.title)\u{201D}"
            } else if entry.basis == .law, let reference = entry.reference {
                basis = "as required or permitted by law (\(reference))"
            }
            sentences.append("They may send us: \(entry.categories.map(label).joined(separator: ", ")), \(basis).")
        }
        return sentences
    }

    private static func choiceOfUses(_ recipient: Recipient, _ policy: Policy) -> String {
        let bases = Set(policy.purposes.filter { $0.recipients.contains(recipient.key) }.map(\.basis))
        return bases == [.optIn] ? "only with your consent" : bases.map { $0.label.lowercased() }.sorted().joined(separator: " or ")
    }

    /// What erasing the person does to records of this kind.
    static func erasureSentence(_ exclusion: Exclusion) -> String {
        exclusion.erasure.label + "."
    }
}
