/// Why a person is left out of a campaign's audience.
public struct AudienceExclusion: Sendable, Hashable, Comparable {
    /// A stable code: the gate's reason (`opted_out`, `gpc_opt_out`, `consent_missing` …), or
    /// `policy_not_accepted`, `no_email`, `attributes_not_matching`.
    public var reason: String
    /// The purpose whose decision excluded the person, when it was a decision.
    public var purpose: String?

    public init(reason: String, purpose: String? = nil) {
        self.reason = reason
        self.purpose = purpose
    }

    public static let policyNotAccepted = AudienceExclusion(reason: "policy_not_accepted")
    public static let noEmail = AudienceExclusion(reason: "no_email")
    public static let attributesNotMatching = AudienceExclusion(reason: "attributes_not_matching")

    public static func < (lhs: AudienceExclusion, rhs: AudienceExclusion) -> Bool {
        (lhs.reason, lhs.purpose ?? "") < (rhs.reason, rhs.purpose ?? "")
    }
}

/// Who a campaign may reach: every purpose it relies on must allow the person right now, by the
/// purpose gate's own rules (an opt-out purpose until the person opts out, an opt-in purpose
/// only after an explicit grant, recorded GPC/DNT signals where the policy applies them).
///
/// The checks run in a fixed order and a person is counted under the first that fails, so the
/// exclusion counts add up to the people left out.
public struct AudienceRules: Sendable {
    /// The purposes the campaign needs, in the order they are checked; the first is the purpose
    /// the message is sent under.
    public let purposes: [String]
    /// The categories each purpose must be allowed to read (the address, and what the template uses).
    public let categories: [String: [String]]
    public let gate: PurposeGate
    /// Profile fields and the values a person must have one of (empty: everyone).
    public let attributes: [String: Set<String>]

    public init(purposes: [String], categories: [String: [String]], gate: PurposeGate, attributes: [String: Set<String>] = [:]) {
        self.purposes = purposes
        self.categories = categories
        self.gate = gate
        self.attributes = attributes
    }

    /// What is known of one person when the audience is drawn.
    public struct Candidate: Sendable {
        public var consent: [String: EffectiveConsent]
        public var acceptedCurrentPolicy: Bool
        public var hasEmail: Bool

        public init(consent: [String: EffectiveConsent], acceptedCurrentPolicy: Bool, hasEmail: Bool) {
            self.consent = consent
            self.acceptedCurrentPolicy = acceptedCurrentPolicy
            self.hasEmail = hasEmail
        }
    }

    /// The exclusion that applies to `candidate` before attributes are looked at, or nil when
    /// the person may be reached.
    public func exclusion(for candidate: Candidate) -> AudienceExclusion? {
        guard candidate.acceptedCurrentPolicy else { return .policyNotAccepted }
        for purpose in purposes {
            let decision = gate.decide(
                consent: candidate.consent, purpose: purpose, categories: categories[purpose] ?? [], signals: .none, hasAccount: true)
            if !decision.allowed { return AudienceExclusion(reason: decision.reason.code.rawValue, purpose: purpose) }
        }
        guard candidate.hasEmail else { return .noEmail }
        return nil
    }

    /// Whether a person's opened attribute values satisfy the narrowing.
    public func matches(_ values: [String: String]) -> Bool {
        attributes.allSatisfy { field, allowed in values[field].map(allowed.contains) ?? false }
    }
}
