/// Consent-aware minimisation: which parts of an event may be stored, from the policy and the
/// person's choices. No part is stored that no purpose of the policy reads.
///
/// - Before the policy is accepted (a person who has not accepted the current version; a visitor
///   when the policy asks for explicit acceptance), only the purposes strictly necessary to run
///   the service securely apply: `by_use` purposes whose key is in fideslang's `essential` family.
/// - Afterwards, every purpose the purpose gate allows for the person's consent and the request's
///   privacy signals (GPC, DNT) applies.
public struct CollectionPlan: Sendable {
    public let compiled: CompiledPolicy
    /// The fields each purpose may read.
    let fieldsByPurpose: [(purpose: String, basis: LegalBasis, fields: EventFieldSet)]
    /// Visitors' plans for each signal combination, computed once.
    private let visitorPlans: [PrivacySignals: EventFieldSet]

    public init(policy: CompiledPolicy) {
        self.compiled = policy
        var table: [(String, LegalBasis, EventFieldSet)] = []
        for purpose in policy.policy.purposes {
            let readable = policy.readableCategories(of: purpose.key)
            let fields = EventFieldSet(EventField.allCases.filter { readable.contains($0.category) }.map(EventFieldSet.init))
            table.append((purpose.key, purpose.basis, fields))
        }
        self.fieldsByPurpose = table
        var visitors: [PrivacySignals: EventFieldSet] = [:]
        for gpc in [false, true] {
            for dnt in [false, true] {
                let signals = PrivacySignals(gpc: gpc, dnt: dnt)
                visitors[signals] = Self.fields(
                    table, policy: policy, accepted: policy.policy.acceptance.model == .continuedUse, consent: [:], signals: signals)
            }
        }
        self.visitorPlans = visitors
        self.essentialFields = Self.fields(table, policy: policy, accepted: false, consent: [:], signals: .none)
    }

    /// What the strictly necessary purposes read: all that is kept before acceptance, or when the
    /// person refused analytics in the site's or app's own consent prompt.
    public let essentialFields: EventFieldSet

    /// Fields that some purpose of the policy reads at all; the rest are never stored.
    public var declaredFields: EventFieldSet {
        fieldsByPurpose.reduce(into: EventFieldSet.none) { $0.formUnion($1.fields) }
    }

    /// What may be stored of a visitor's (no known person) events.
    public func forVisitor(signals: PrivacySignals) -> EventFieldSet {
        visitorPlans[signals] ?? .none
    }

    /// What may be stored of a person's events.
    public func forPerson(accepted: Bool, consent: [String: EffectiveConsent], signals: PrivacySignals) -> EventFieldSet {
        Self.fields(fieldsByPurpose, policy: compiled, accepted: accepted, consent: consent, signals: signals)
    }

    /// The purposes that apply, with the fields they read.
    public func purposes(accepted: Bool, consent: [String: EffectiveConsent], signals: PrivacySignals) -> [String] {
        fieldsByPurpose.filter { Self.applies($0.purpose, $0.basis, policy: compiled, accepted: accepted, consent: consent, signals: signals) }
            .map(\.purpose)
    }

    static func fields(
        _ table: [(purpose: String, basis: LegalBasis, fields: EventFieldSet)], policy: CompiledPolicy, accepted: Bool,
        consent: [String: EffectiveConsent], signals: PrivacySignals
    ) -> EventFieldSet {
        var fields = EventFieldSet.none
        for entry in table where !fields.isSuperset(of: entry.fields) {
            if applies(entry.purpose, entry.basis, policy: policy, accepted: accepted, consent: consent, signals: signals) {
                fields.formUnion(entry.fields)
            }
        }
        return fields
    }

    static func applies(
        _ purpose: String, _ basis: LegalBasis, policy: CompiledPolicy, accepted: Bool, consent: [String: EffectiveConsent],
        signals: PrivacySignals
    ) -> Bool {
        guard accepted else { return basis == .byUse && Fideslang.key(purpose, isWithin: "essential") }
        return PurposeGate.decide(policy: policy, consent: consent, purpose: purpose, categories: [], signals: signals, hasAccount: true).allowed
    }
}
