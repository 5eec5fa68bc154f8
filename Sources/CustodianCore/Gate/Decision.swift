/// The gate's answer for one (person, purpose, categories) question.
///
/// It is also an `Error`, so a denial can travel as the failure of ``PurposeGate/authorize(subject:consent:purpose:categories:signals:hasAccount:)``.
public struct Decision: Error, Sendable, Equatable {
    /// Whether the data may be used.
    public let allowed: Bool
    /// The purpose's legal basis; `nil` when the purpose is unknown.
    public let basis: LegalBasis?
    /// Why, as a stable code and a message.
    public let reason: DecisionReason

    /// Creates a decision.
    public init(allowed: Bool, basis: LegalBasis?, reason: DecisionReason) {
        self.allowed = allowed
        self.basis = basis
        self.reason = reason
    }

    static func allow(_ basis: LegalBasis, _ code: DecisionReason.Code) -> Decision {
        Decision(allowed: true, basis: basis, reason: DecisionReason(code))
    }

    static func deny(_ basis: LegalBasis?, _ code: DecisionReason.Code, _ detail: String? = nil) -> Decision {
        Decision(allowed: false, basis: basis, reason: DecisionReason(code, detail: detail))
    }
}

/// Why the gate decided as it did.
public struct DecisionReason: Sendable, Equatable {
    /// Stable snake_case reason codes; clients may switch on them.
    public enum Code: String, Sendable, CaseIterable {
        case unknownPurpose = "unknown_purpose"
        case unknownCategory = "unknown_category"
        case categoryNotAllowed = "category_not_allowed"
        case byUse = "by_use_of_service"
        case noAccount = "no_account"
        case notOptedOut = "not_opted_out"
        case optedOut = "opted_out"
        case gpcOptOut = "gpc_opt_out"
        case dntOptOut = "dnt_opt_out"
        case consentGranted = "consent_granted"
        case consentMissing = "consent_missing"
        case consentDenied = "consent_denied"
        case explicitChoiceOverSignal = "explicit_choice_over_signal"
        case subjectAccess = "subject_access"
    }

    /// The stable code.
    public let code: Code
    /// The key the reason is about (an unknown purpose or a refused category), when there is one.
    public let detail: String?

    /// Creates a reason.
    public init(_ code: Code, detail: String? = nil) {
        self.code = code
        self.detail = detail
    }

    /// A sentence for logs, the audit trail and API clients.
    public var message: String {
        let base: String =
            switch code {
            case .unknownPurpose: "The policy declares no such purpose"
            case .unknownCategory: "The policy declares no such data category"
            case .categoryNotAllowed: "The policy does not let this purpose read this data category"
            case .byUse: "Allowed by use of the service while the account exists"
            case .noAccount: "This purpose relies on use of the service, and the person has no account"
            case .notOptedOut: "On by default and the person has not opted out"
            case .optedOut: "The person opted out"
            case .gpcOptOut: "Global Privacy Control opts the person out of this purpose"
            case .dntOptOut: "Do Not Track opts the person out of this purpose"
            case .consentGranted: "The person consented"
            case .consentMissing: "No record of the person's consent; this purpose needs it"
            case .consentDenied: "The person declined or withdrew consent"
            case .explicitChoiceOverSignal: "The person's explicit choice, made after a privacy signal, wins over it"
            case .subjectAccess: "The person's own right of access: everything held about them, for them"
            }
        return detail.map { "\(base): \($0)" } ?? base
    }
}
