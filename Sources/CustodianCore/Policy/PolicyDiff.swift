/// One difference between two versions of a policy.
public struct PolicyChange: Sendable, Equatable, CustomStringConvertible {
    /// Whether something was added, removed or changed.
    public enum Kind: String, Sendable, Equatable {
        case added
        case removed
        case changed
    }

    /// Which part of the policy changed.
    public enum Area: String, Sendable, Equatable {
        case controller
        case acceptance
        case category
        case purpose
        case recipient
        case exclusion
        case prose
    }

    /// Added, removed or changed.
    public let kind: Kind
    /// Which part of the policy.
    public let area: Area
    /// The key of the entry (a fideslang key, recipient or exclusion key, or a prose section).
    public let key: String
    /// What changed, for people, e.g. "basis changed from opt_out to opt_in".
    public let details: [String]

    /// Creates a change.
    public init(kind: Kind, area: Area, key: String, details: [String] = []) {
        self.kind = kind
        self.area = area
        self.key = key
        self.details = details
    }

    /// "purpose marketing.communications.email changed: basis changed from opt_out to opt_in".
    public var description: String {
        let head = "\(area.rawValue) \(key) \(kind.rawValue)"
        return details.isEmpty ? head : "\(head): \(details.joined(separator: "; "))"
    }
}

/// Compares two policy versions, for "what changed between versions".
public enum PolicyDiff {
    /// The changes from `old` to `new`, grouped by area in document order.
    public static func between(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        if old.controller != new.controller {
            changes.append(PolicyChange(kind: .changed, area: .controller, key: "controller", details: fieldChanges(
                [("name", old.controller.name, new.controller.name),
                 ("contact statement", old.controller.contactStatement, new.controller.contactStatement),
                 ("contact channels", "\(old.controller.contactChannels.map(\.value))",
                  "\(new.controller.contactChannels.map(\.value))")])))
        }
        if old.acceptance != new.acceptance {
            changes.append(PolicyChange(kind: .changed, area: .acceptance, key: "acceptance", details: fieldChanges(
                [("model", old.acceptance.model.rawValue, new.acceptance.model.rawValue),
                 ("continued use", old.acceptance.continuedUseConsent, new.acceptance.continuedUseConsent),
                 ("if you do not agree", old.acceptance.ifYouDoNotAgree, new.acceptance.ifYouDoNotAgree)])))
        }
        changes += compare(old.categories, new.categories, area: .category, key: \.key, details: categoryDetails)
        changes += compare(old.purposes, new.purposes, area: .purpose, key: \.key, details: purposeDetails)
        changes += compare(old.recipients, new.recipients, area: .recipient, key: \.key) { a, b in
            fieldChanges([("kind", a.kind.rawValue, b.kind.rawValue), ("label", a.label, b.label),
                          ("description", a.description, b.description),
                          ("names", "\(a.names)", "\(b.names)"),
                          ("receives", "\(a.receives ?? [])", "\(b.receives ?? [])"),
                          ("sends", sendsText(a), sendsText(b))])
        }
        changes += compare(old.exclusions, new.exclusions, area: .exclusion, key: \.key) { a, b in
            fieldChanges([("kind", a.kind.rawValue, b.kind.rawValue), ("description", a.description, b.description),
                          ("categories", "\(a.categories)", "\(b.categories)"),
                          ("on erasure", a.erasure.rawValue, b.erasure.rawValue)])
        }
        changes += proseChanges(old.prose, new.prose)
        return changes
    }

    /// A Markdown list of the changes, or a sentence saying there are none.
    public static func summary(_ changes: [PolicyChange]) -> String {
        guard !changes.isEmpty else { return "No changes." }
        return changes.map { "- \($0.description)" }.joined(separator: "\n")
    }

    static func compare<T: Equatable>(
        _ old: [T], _ new: [T], area: PolicyChange.Area, key: (T) -> String, details: (T, T) -> [String]
    ) -> [PolicyChange] {
        let oldByKey = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newByKey = Dictionary(new.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [PolicyChange] = []
        for item in old where newByKey[key(item)] == nil {
            changes.append(PolicyChange(kind: .removed, area: area, key: key(item)))
        }
        for item in new {
            guard let before = oldByKey[key(item)] else {
                changes.append(PolicyChange(kind: .added, area: area, key: key(item)))
                continue
            }
            if before != item {
                changes.append(PolicyChange(kind: .changed, area: area, key: key(item), details: details(before, item)))
            }
        }
        return changes
    }

    static func sendsText(_ recipient: Recipient) -> String {
        (recipient.sends ?? []).map { entry in
            "\(entry.categories.joined(separator: "+")) by \(entry.basis.rawValue)" + (entry.purpose.map { " (\($0))" } ?? "")
                + (entry.reference.map { " (\($0))" } ?? "")
        }.joined(separator: "; ")
    }

    static func categoryDetails(_ a: DataCategory, _ b: DataCategory) -> [String] {
        fieldChanges([
            ("label", a.label, b.label), ("description", a.description, b.description),
            ("sources", a.sources.map(\.rawValue).joined(separator: ", "), b.sources.map(\.rawValue).joined(separator: ", ")),
            ("retention", a.retention, b.retention), ("sensitivity", a.sensitivity.rawValue, b.sensitivity.rawValue),
        ])
    }

    static func purposeDetails(_ a: Purpose, _ b: Purpose) -> [String] {
        var details = fieldChanges([
            ("title", a.title, b.title), ("description", a.description, b.description),
            ("basis", a.basis.rawValue, b.basis.rawValue),
            ("opt-out signals", "\(a.optOutSignals)", "\(b.optOutSignals)"),
            ("withdraw via", a.withdrawVia.joined(separator: ", "), b.withdrawVia.joined(separator: ", ")),
            ("recipients", a.recipients.joined(separator: ", "), b.recipients.joined(separator: ", ")),
        ])
        let added = b.categories.filter { !a.categories.contains($0) }
        let removed = a.categories.filter { !b.categories.contains($0) }
        if !added.isEmpty { details.append("may now read \(added.joined(separator: ", "))") }
        if !removed.isEmpty { details.append("no longer reads \(removed.joined(separator: ", "))") }
        return details
    }

    static func proseChanges(_ a: PolicyProse, _ b: PolicyProse) -> [PolicyChange] {
        let pairs: [(String, Bool)] = [
            ("title", a.title != b.title), ("introduction", a.introduction != b.introduction),
            ("scope", a.scope != b.scope), ("collection", a.collection != b.collection),
            ("third_parties", a.thirdParties != b.thirdParties),
            ("exclusions_introduction", a.exclusionsIntroduction != b.exclusionsIntroduction),
            ("use", a.use != b.use), ("comments", a.comments != b.comments),
        ]
        return pairs.filter(\.1).map { PolicyChange(kind: .changed, area: .prose, key: $0.0, details: ["text changed"]) }
    }

    static func fieldChanges(_ fields: [(String, String, String)]) -> [String] {
        fields.filter { $0.1 != $0.2 }.map { name, before, after in
            // Long prose is summarised rather than quoted whole.
            before.count + after.count > 120 ? "\(name) changed" : "\(name) changed from \(before) to \(after)"
        }
    }
}
