/// The purpose gate: decides whether a person's data may be used for a purpose, and mints
/// ``Access`` when it may.
///
/// Decisions are pure functions of the policy, the person's effective consent, the request's
/// privacy signals and whether the person has an account.
public struct PurposeGate: Sendable {
    /// The policy decisions are made against.
    public let compiled: CompiledPolicy

    /// A gate for `policy`; compiles it once.
    public init(policy: Policy) {
        self.compiled = CompiledPolicy(policy)
    }

    /// A gate for an already compiled policy.
    public init(compiled: CompiledPolicy) {
        self.compiled = compiled
    }

    /// Decides one question by the rules of the static `decide(policy:…)` on a compiled policy.
    public func decide(
        consent: [String: EffectiveConsent], purpose: String, categories: [String],
        signals: PrivacySignals, hasAccount: Bool
    ) -> Decision {
        Self.decide(
            policy: compiled, consent: consent, purpose: purpose, categories: categories, signals: signals,
            hasAccount: hasAccount)
    }

    /// Decides and, when allowed, mints the ``Access`` that opens the person's sealed data.
    /// - Returns: the access, or the denying decision as the failure.
    public func authorize(
        subject: String, consent: [String: EffectiveConsent], purpose: String, categories: [String],
        signals: PrivacySignals, hasAccount: Bool
    ) -> Result<Access, Decision> {
        let decision = decide(
            consent: consent, purpose: purpose, categories: categories, signals: signals, hasAccount: hasAccount)
        guard decision.allowed else { return .failure(decision) }
        return .success(Access(
            subject: subject, purpose: purpose, categories: Set(categories), decision: decision,
            policyVersion: compiled.version))
    }

    /// The purpose of ``subjectAccess(subject:)``: the person's own right of access, which no
    /// policy can switch off (GDPR art. 15, PIPL art. 45).
    public static let subjectAccessPurpose = "subject_access"

    /// Mints the ``Access`` for a person's own copy of everything held about them (the export):
    /// every category the policy declares, for that person only. It is not a use of their data
    /// but their right to it, so no consent is consulted; the caller must have established that
    /// the person themselves is asking, and audits the export.
    public func subjectAccess(subject: String) -> Access {
        Access(
            subject: subject, purpose: Self.subjectAccessPurpose, categories: compiled.declaredCategories,
            decision: Decision(allowed: true, basis: nil, reason: DecisionReason(.subjectAccess)),
            policyVersion: compiled.version)
    }

    /// Decides against a policy compiled for the purpose, without re-preparing it.
    public static func decide(
        policy: Policy, consent: [String: EffectiveConsent], purpose: String, categories: [String],
        signals: PrivacySignals, hasAccount: Bool
    ) -> Decision {
        // Convenience for one-off questions; hot paths keep a `PurposeGate` or `CompiledPolicy`.
        decide(
            policy: CompiledPolicy(policy), consent: consent, purpose: purpose, categories: categories,
            signals: signals, hasAccount: hasAccount)
    }

    /// The decision rules.
    ///
    /// - Unknown purpose, undeclared category, or a category the purpose may not read: denied.
    /// - `by_use`: allowed while an account exists.
    /// - `opt_out`: allowed unless the person opted out, or GPC/DNT applies to the purpose.
    /// - `opt_in`: denied unless the person (or an admin on their behalf) explicitly granted it;
    ///   missing consent information means denied.
    /// - An explicit grant made after a privacy signal wins over live signals.
    public static func decide(
        policy: CompiledPolicy, consent: [String: EffectiveConsent], purpose: String, categories: [String],
        signals: PrivacySignals, hasAccount: Bool
    ) -> Decision {
        guard let compiled = policy.purposes[purpose] else { return .deny(nil, .unknownPurpose, purpose) }
        let basis = compiled.basis
        for category in categories where !compiled.readable.contains(category) {
            let code: DecisionReason.Code =
                policy.declaredCategories.contains(category) ? .categoryNotAllowed : .unknownCategory
            return .deny(basis, code, category)
        }
        switch basis {
        case .byUse:
            return hasAccount ? .allow(basis, .byUse) : .deny(basis, .noAccount)
        case .optOut:
            let current = consent[purpose]
            if let current, current.state == .denied { return .deny(basis, deniedCode(current, fallback: .optedOut)) }
            if let signal = liveSignal(signals, compiled, current) { return .deny(basis, signal) }
            return .allow(basis, grantedCode(current, fallback: .notOptedOut))
        case .optIn:
            guard let current = consent[purpose] else { return .deny(basis, .consentMissing) }
            // A denial nobody chose (the policy's default) is missing consent, not a refusal.
            if current.state == .denied, current.source == .default { return .deny(basis, .consentMissing) }
            if current.state == .denied { return .deny(basis, deniedCode(current, fallback: .consentDenied)) }
            // Only a choice someone actually made counts as opt-in; a "default" grant does not.
            guard current.source == .explicit || current.source == .admin else {
                return .deny(basis, .consentMissing)
            }
            if let signal = liveSignal(signals, compiled, current) { return .deny(basis, signal) }
            return .allow(basis, grantedCode(current, fallback: .consentGranted))
        }
    }

    /// The signal that denies this request, unless the person's explicit choice already overrode one.
    private static func liveSignal(
        _ signals: PrivacySignals, _ purpose: CompiledPolicy.CompiledPurpose, _ current: EffectiveConsent?
    ) -> DecisionReason.Code? {
        guard purpose.optOutSignals, signals.any else { return nil }
        if let current, current.source == .explicit, current.overrodeSignal != nil { return nil }
        return signals.gpc ? .gpcOptOut : .dntOptOut
    }

    private static func deniedCode(_ current: EffectiveConsent, fallback: DecisionReason.Code) -> DecisionReason.Code {
        switch current.source {
        case .gpc: .gpcOptOut
        case .dnt: .dntOptOut
        default: fallback
        }
    }

    private static func grantedCode(_ current: EffectiveConsent?, fallback: DecisionReason.Code) -> DecisionReason.Code {
        guard let current, current.source == .explicit, current.overrodeSignal != nil else { return fallback }
        return .explicitChoiceOverSignal
    }
}
