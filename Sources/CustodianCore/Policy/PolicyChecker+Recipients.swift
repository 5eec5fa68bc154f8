/// Checks of what related parties and partners may receive (`receives`) and send (`sends`):
/// the partner registry and the inbound and outbound APIs rely on these being coherent.
extension PolicyChecker {
    static func recipientErrors(_ policy: Policy) -> [PolicyFinding] {
        let declared = policy.categories.map(\.key)
        var findings: [PolicyFinding] = []
        for (index, recipient) in policy.recipients.enumerated() {
            let path = "recipients[\(index)]"
            for (slot, key) in (recipient.receives ?? []).enumerated()
            where !declared.contains(where: { Fideslang.key($0, isWithin: key) }) {
                findings.append(error(
                    "undeclared_category", "\(path).receives[\(slot)]",
                    "'\(key)' is not declared under categories, so it cannot be given to '\(recipient.key)'"))
            }
            for (entryIndex, entry) in (recipient.sends ?? []).enumerated() {
                findings += sourceErrors(entry, policy: policy, path: "\(path).sends[\(entryIndex)]", recipient: recipient.key)
            }
        }
        return findings
    }

    private static func sourceErrors(_ entry: RecipientSource, policy: Policy, path: String, recipient: String) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        if entry.categories.isEmpty {
            findings.append(error("source_without_categories", "\(path).categories", "list the categories '\(recipient)' may send"))
        }
        for (slot, key) in entry.categories.enumerated() {
            guard let category = policy.category(key) else {
                findings.append(error(
                    "undeclared_category", "\(path).categories[\(slot)]",
                    "'\(key)' is not declared under categories; a source sends declared categories, by their exact key"))
                continue
            }
            if !category.sources.contains(.partner) {
                findings.append(error(
                    "source_not_declared", "\(path).categories[\(slot)]",
                    "'\(key)' does not list 'partner' among its sources, so the policy does not tell people it comes from "
                        + "related parties or partners"))
            }
        }
        switch entry.basis {
        case .consent:
            guard let key = entry.purpose else {
                findings.append(error("consent_without_purpose", "\(path).purpose", "a consent basis names the purpose consented to"))
                break
            }
            guard policy.purpose(key) != nil else {
                findings.append(error("undeclared_purpose", "\(path).purpose", "'\(key)' is not declared under purposes"))
                break
            }
            // Not an error: such a basis never holds, so nothing is accepted on it — safe, but dead.
            let readable = CompiledPolicy(policy).readableCategories(of: key)
            for (slot, category) in entry.categories.enumerated() where policy.category(category) != nil && !readable.contains(category) {
                findings.append(warning(
                    "consent_purpose_cannot_read", "\(path).categories[\(slot)]",
                    "the purpose '\(key)' may not read '\(category)', so consent to it cannot cover receiving it and nothing is accepted on this basis"))
            }
        case .law:
            if entry.reference == nil {
                findings.append(error(
                    "law_without_reference", "\(path).reference",
                    "a legal basis names the provision relied on, e.g. reference: \"Anti-Money Laundering Act § 12\""))
            }
        case .agreement:
            break
        }
        if entry.basis != .consent, entry.purpose != nil {
            findings.append(error("purpose_without_consent", "\(path).purpose", "a purpose is named only for a consent basis"))
        }
        return findings
    }

    static func recipientFlowLints(_ policy: Policy) -> [PolicyFinding] {
        let compiled = CompiledPolicy(policy)
        var findings: [PolicyFinding] = []
        for (index, recipient) in policy.recipients.enumerated() {
            let path = "recipients[\(index)]"
            let naming = policy.purposes.filter { $0.recipients.contains(recipient.key) }
            if let receives = recipient.receives {
                if naming.isEmpty {
                    findings.append(warning(
                        "receives_without_sharing_purpose", "\(path).receives",
                        "no purpose names '\(recipient.key)' among its recipients, so nothing it may receive is ever given to it"))
                } else {
                    let readable = naming.reduce(into: Set<String>()) { $0.formUnion(compiled.readableCategories(of: $1.key)) }
                    for (slot, key) in receives.enumerated() where !readable.contains(where: { Fideslang.key($0, isWithin: key) }) {
                        findings.append(warning(
                            "receives_unread_category", "\(path).receives[\(slot)]",
                            "no purpose that discloses to '\(recipient.key)' reads '\(key)', so it is never given"))
                    }
                }
            }
            for (entryIndex, entry) in (recipient.sends ?? []).enumerated() {
                let entryPath = "\(path).sends[\(entryIndex)]"
                if entry.basis == .consent, let key = entry.purpose, let purpose = policy.purpose(key), purpose.basis != .optIn {
                    findings.append(warning(
                        "inbound_consent_not_opt_in", "\(entryPath).purpose",
                        "'\(key)' is \(purpose.basis.rawValue), so data is received unless the person objects; that is not "
                            + "consent (GDPR art. 4(11), PIPL art. 14)"))
                }
                if entry.basis == .agreement {
                    findings.append(warning(
                        "inbound_agreement_reveals_membership", "\(entryPath).basis",
                        "a record accepted on the person's agreement tells '\(recipient.key)' that the email or phone it sent "
                            + "belongs to someone registered here; under GDPR art. 6(1)(b) the agreement covers only what the "
                            + "contract needs, and acceptance by continued use is not consent."))
                }
            }
        }
        let sent = Set(policy.recipients.flatMap { ($0.sends ?? []).flatMap(\.categories) })
        let anyDeclaresSends = policy.recipients.contains { $0.sends != nil }
        for (index, category) in policy.categories.enumerated()
        where anyDeclaresSends && category.sources.contains(.partner) && !sent.contains(category.key) {
            findings.append(warning(
                "partner_source_without_sender", "categories[\(index)].sources",
                "'\(category.key)' is said to come from partners, but no recipient lists it under sends, so none is accepted"))
        }
        return findings
    }

    static func erasureLints(_ policy: Policy) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        let declared = policy.categories.map(\.key)
        for (index, exclusion) in policy.exclusions.enumerated() {
            let path = "exclusions[\(index)]"
            if exclusion.erasure == .keep {
                let note = exclusion.kind == .searchKeywords || exclusion.kind == .tradingRecords
                    ? " Free text (keywords, evaluations) can name the person; Custodian removes their name, email and phone "
                        + "from what it keeps, not everything that could point to them."
                    : ""
                findings.append(warning(
                    "excluded_records_kept_after_erasure", "\(path).on_erasure",
                    "'\(exclusion.key)' records are kept when their person is erased. Keeping personal data after an erasure "
                        + "request needs a ground of GDPR art. 17(3) (a legal obligation, legal claims …) or PIPL art. 47; "
                        + "Custodian detaches the records and removes the fields that identify the person." + note))
            }
            for (slot, key) in exclusion.categories.enumerated()
            where declared.contains(key) || declared.contains(where: { Fideslang.key($0, isWithin: key) }) {
                findings.append(warning(
                    "exclusion_overlaps_declared_category", "\(path).categories[\(slot)]",
                    "'\(key)' is both collected under this policy and excluded from it: only records stored through the "
                        + "out-of-scope API are treated as outside the policy, so say plainly which is which"))
            }
        }
        return findings
    }
}
