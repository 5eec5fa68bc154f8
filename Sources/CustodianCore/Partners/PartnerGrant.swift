/// What a registered partner may do under the policy: the recipient it is, the purposes it may
/// receive data for, the categories it is given, and the categories it may send us.
public struct PartnerGrant: Sendable, Equatable, Codable {
    /// The policy recipient key (`partners`, `related_parties` …).
    public var recipient: String
    /// Purposes whose disclosures it receives; each must name the recipient.
    public var purposes: [String]
    /// Categories it is given (outbound), within what those purposes read.
    public var categories: [String]
    /// Categories it may send us (inbound), within the recipient's `sends`.
    public var sourceCategories: [String]

    public init(recipient: String, purposes: [String] = [], categories: [String] = [], sourceCategories: [String] = []) {
        self.recipient = recipient
        self.purposes = purposes
        self.categories = categories
        self.sourceCategories = sourceCategories
    }
}

/// The policy's rules for partners, as pure functions: what a registration may ask for, what a
/// share may carry, and which inbound basis applies. The registry, the inbound and outbound APIs
/// all ask these, so they cannot disagree.
public enum PartnerRules {
    /// Recipient kinds that can be registered as partners; processors and authorities are not
    /// given data through the partner API.
    public static let registrableKinds: Set<RecipientKind> = [.partner, .relatedParty]

    /// Declared categories `recipient` may be given for `purpose`: what the purpose reads, narrowed
    /// by the recipient's `receives`; empty when the purpose does not disclose to the recipient.
    public static func receivable(recipient: Recipient, purpose: String, compiled: CompiledPolicy) -> Set<String> {
        guard let declared = compiled.policy.purpose(purpose), declared.recipients.contains(recipient.key) else { return [] }
        let readable = compiled.readableCategories(of: purpose)
        guard let receives = recipient.receives else { return readable }
        return readable.filter { category in receives.contains { Fideslang.key(category, isWithin: $0) } }
    }

    /// The categories a share for `purpose` carries to a partner with `grant`.
    public static func shareable(grant: PartnerGrant, purpose: String, compiled: CompiledPolicy) -> [String] {
        guard grant.purposes.contains(purpose), let recipient = compiled.policy.recipient(grant.recipient) else { return [] }
        let allowed = receivable(recipient: recipient, purpose: purpose, compiled: compiled)
        return grant.categories.filter(allowed.contains).sorted()
    }

    /// Every problem with a registration, by field. `categories` `nil` means "all allowed" and is
    /// resolved by ``resolvedCategories(_:compiled:)``.
    public static func problems(_ grant: PartnerGrant, categoriesGiven: Bool, compiled: CompiledPolicy) -> [FieldProblem] {
        let policy = compiled.policy
        var problems: [FieldProblem] = []
        guard let recipient = policy.recipient(grant.recipient) else {
            let keys = policy.recipients.filter { registrableKinds.contains($0.kind) }.map(\.key).joined(separator: ", ")
            return [FieldProblem(field: "recipient", code: "unknown_recipient", message: "The policy declares no such recipient; it declares: \(keys).")]
        }
        guard registrableKinds.contains(recipient.kind) else {
            return [FieldProblem(
                field: "recipient", code: "not_a_partner",
                message: "Only related parties and partners can be registered; this recipient is a \(recipient.kind.rawValue).")]
        }
        for (index, key) in grant.purposes.enumerated() {
            let field = "purposes[\(index)]"
            if grant.purposes[..<index].contains(key) {
                problems.append(FieldProblem(field: field, code: "duplicate", message: "This purpose is listed twice."))
            } else if policy.purpose(key) == nil {
                problems.append(FieldProblem(field: field, code: "unknown_purpose", message: "The policy declares no such purpose."))
            } else if receivable(recipient: recipient, purpose: key, compiled: compiled).isEmpty {
                problems.append(FieldProblem(
                    field: field, code: "not_for_recipient",
                    message: "The policy does not let this purpose disclose data to '\(recipient.key)'."))
            }
        }
        if categoriesGiven {
            let allowed = grant.purposes.reduce(into: Set<String>()) { $0.formUnion(receivable(recipient: recipient, purpose: $1, compiled: compiled)) }
            for (index, key) in grant.categories.enumerated() {
                let field = "categories[\(index)]"
                if grant.categories[..<index].contains(key) {
                    problems.append(FieldProblem(field: field, code: "duplicate", message: "This category is listed twice."))
                } else if policy.category(key) == nil {
                    problems.append(FieldProblem(field: field, code: "unknown_category", message: "The policy declares no such category."))
                } else if !allowed.contains(key) {
                    problems.append(FieldProblem(
                        field: field, code: "not_allowed",
                        message: "None of the purposes registered lets '\(recipient.key)' be given this category."))
                }
            }
        }
        for (index, key) in grant.sourceCategories.enumerated() {
            let field = "sourceCategories[\(index)]"
            if grant.sourceCategories[..<index].contains(key) {
                problems.append(FieldProblem(field: field, code: "duplicate", message: "This category is listed twice."))
            } else if policy.category(key) == nil {
                problems.append(FieldProblem(field: field, code: "unknown_category", message: "The policy declares no such category."))
            } else if recipient.sources(of: key).isEmpty {
                problems.append(FieldProblem(
                    field: field, code: "not_a_source",
                    message: "The policy does not list '\(recipient.key)' as a source of this category."))
            }
        }
        return problems
    }

    /// The grant with `categories` filled with everything its purposes allow.
    public static func resolvedCategories(_ grant: PartnerGrant, compiled: CompiledPolicy) -> PartnerGrant {
        guard let recipient = compiled.policy.recipient(grant.recipient) else { return grant }
        var resolved = grant
        resolved.categories = grant.purposes
            .reduce(into: Set<String>()) { $0.formUnion(receivable(recipient: recipient, purpose: $1, compiled: compiled)) }
            .sorted()
        return resolved
    }
}
