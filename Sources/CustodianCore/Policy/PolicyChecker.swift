/// Judges whether a loaded policy makes sense: errors make it unusable, warnings need a human.
///
/// `custodian policy check FILE` prints these; a policy with any error is refused at start-up.
public enum PolicyChecker {
    /// Every finding for `policy`, errors first, each group in document order.
    public static func check(_ policy: Policy) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        findings += duplicateKeys(policy)
        findings += categoryErrors(policy)
        findings += purposeErrors(policy)
        findings += referenceErrors(policy)
        findings += recipientErrors(policy)
        findings += lints(policy)
        return findings.filter { $0.severity == .error } + findings.filter { $0.severity == .warning }
    }

    static func error(_ code: String, _ path: String, _ message: String) -> PolicyFinding {
        PolicyFinding(severity: .error, code: code, path: path, message: message)
    }

    static func warning(_ code: String, _ path: String, _ message: String) -> PolicyFinding {
        PolicyFinding(severity: .warning, code: code, path: path, message: message)
    }

    static func duplicateKeys(_ policy: Policy) -> [PolicyFinding] {
        let lists: [(String, [String])] = [
            ("categories", policy.categories.map(\.key)),
            ("purposes", policy.purposes.map(\.key)),
            ("recipients", policy.recipients.map(\.key)),
            ("exclusions", policy.exclusions.map(\.key)),
        ]
        var findings: [PolicyFinding] = []
        for (list, keys) in lists {
            var seen = Set<String>()
            for (index, key) in keys.enumerated() where !seen.insert(key).inserted {
                findings.append(error("duplicate_key", "\(list)[\(index)].key", "'\(key)' is declared more than once"))
            }
        }
        return findings
    }

    static func categoryErrors(_ policy: Policy) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        for (index, category) in policy.categories.enumerated() {
            let path = "categories[\(index)]"
            if Fideslang.dataCategories[category.key] == nil {
                findings.append(error(
                    "unknown_data_category", "\(path).key",
                    "'\(category.key)' is not a fideslang data category"))
            }
            if Retention(category.retention) == nil {
                findings.append(error(
                    "unparsable_retention", "\(path).retention",
                    "'\(category.retention)' is neither 'account' nor an ISO-8601 duration such as P30D"))
            }
        }
        for (index, exclusion) in policy.exclusions.enumerated() {
            for (slot, key) in exclusion.categories.enumerated() where Fideslang.dataCategories[key] == nil {
                findings.append(error(
                    "unknown_data_category", "exclusions[\(index)].categories[\(slot)]",
                    "'\(key)' is not a fideslang data category"))
            }
        }
        return findings
    }

    static func purposeErrors(_ policy: Policy) -> [PolicyFinding] {
        let declared = policy.categories.map(\.key)
        let recipients = Set(policy.recipients.map(\.key))
        var findings: [PolicyFinding] = []
        for (index, purpose) in policy.purposes.enumerated() {
            let path = "purposes[\(index)]"
            if Fideslang.dataUses[purpose.key] == nil {
                findings.append(error(
                    "unknown_data_use", "\(path).key", "'\(purpose.key)' is not a fideslang data use"))
            }
            for (slot, key) in purpose.categories.enumerated()
            where !declared.contains(where: { Fideslang.key($0, isWithin: key) }) {
                findings.append(error(
                    "undeclared_category", "\(path).categories[\(slot)]",
                    "'\(key)' is not declared under categories, so this purpose may not read it"))
            }
            for (slot, key) in purpose.recipients.enumerated() where !recipients.contains(key) {
                findings.append(error(
                    "undeclared_recipient", "\(path).recipients[\(slot)]",
                    "'\(key)' is not declared under recipients"))
            }
            if purpose.basis == .optOut && purpose.withdrawVia.isEmpty {
                findings.append(error(
                    "opt_out_without_way_out", "\(path).withdraw_via",
                    "an opt_out purpose needs a way to opt out, e.g. withdraw_via: [unsubscribe_link, privacy_centre]"))
            }
        }
        return findings
    }

    static func referenceErrors(_ policy: Policy) -> [PolicyFinding] {
        var known = Set(DataSource.allCases.map(\.rawValue))
        known.formUnion(policy.purposes.map(\.key))
        known.formUnion(policy.recipients.map(\.key))
        known.formUnion(policy.categories.map(\.key))
        let sections: [(String, PolicySection)] = [
            ("prose.scope", policy.prose.scope), ("prose.collection", policy.prose.collection),
            ("prose.third_parties", policy.prose.thirdParties), ("prose.use", policy.prose.use),
            ("prose.comments", policy.prose.comments),
        ]
        var findings: [PolicyFinding] = []
        for (sectionPath, section) in sections {
            for (index, clause) in section.clauses.enumerated() {
                for (slot, ref) in clause.refs.enumerated() where !known.contains(ref) {
                    findings.append(error(
                        "unknown_reference", "\(sectionPath).clauses[\(index)].refs[\(slot)]",
                        "'\(ref)' names no source, category, purpose or recipient in this policy"))
                }
            }
        }
        return findings
    }
}
