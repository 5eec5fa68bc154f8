/// Whether a partner's record about a person may be accepted, category by category.
public enum InboundDecision: Sendable, Equatable {
    /// Every category has a basis that holds: the entry relied on, by category.
    case accepted([String: RecipientSource])
    /// The policy does not list the partner as a source of `category` (or its registration does
    /// not include it). Decided without looking at the person.
    case notASource(category: String)
    /// The partner is a source of `category`, but no basis for it holds for this person.
    case basisNotMet(category: String, reason: InboundRefusal)
}

/// Why no basis held, as a stable code and a sentence.
public struct InboundRefusal: Sendable, Equatable {
    /// `agreement_missing`, or the purpose gate's reason code (`consent_missing`, `consent_denied` …).
    public let code: String
    public let message: String
    /// The consent purpose the refusal is about, if any.
    public let purpose: String?

    public init(code: String, message: String, purpose: String? = nil) {
        self.code = code
        self.message = message
        self.purpose = purpose
    }
}

extension PartnerRules {
    /// The categories of a record the policy and the registration let the partner send, in the
    /// order given: the first that is not allowed, or nil. Needs nothing about the person, so a
    /// partner is told this even before its reference to the person is resolved.
    public static func firstNonSource(_ categories: [String], grant: PartnerGrant, policy: Policy) -> String? {
        let recipient = policy.recipient(grant.recipient)
        return categories.first { category in
            !grant.sourceCategories.contains(category) || (recipient?.sources(of: category).isEmpty ?? true)
        }
    }

    /// Decides a record's categories for one person.
    ///
    /// For each category the recipient's `sends` entries covering it are tried in order; the first
    /// whose basis holds is relied on: `law` always holds (the policy names the provision),
    /// `agreement` holds when the person accepted the policy version in force, `consent` when the
    /// purpose gate allows the named purpose to read the category.
    public static func decide(
        categories: [String], grant: PartnerGrant, gate: PurposeGate, consent: [String: EffectiveConsent],
        acceptedCurrentPolicy: Bool
    ) -> InboundDecision {
        let policy = gate.compiled.policy
        if let category = firstNonSource(categories, grant: grant, policy: policy) { return .notASource(category: category) }
        guard let recipient = policy.recipient(grant.recipient) else { return .notASource(category: categories.first ?? "") }
        var relied: [String: RecipientSource] = [:]
        for category in categories {
            var refusal: InboundRefusal?
            for entry in recipient.sources(of: category) {
                switch entry.basis {
                case .law:
                    relied[category] = entry
                case .agreement:
                    if acceptedCurrentPolicy {
                        relied[category] = entry
                    } else if refusal == nil {
                        refusal = InboundRefusal(
                            code: "agreement_missing",
                            message: "The person has not accepted the policy version in force, which is the agreement this basis rests on")
                    }
                case .consent:
                    let purpose = entry.purpose ?? ""
                    let decision = gate.decide(consent: consent, purpose: purpose, categories: [category], signals: .none, hasAccount: true)
                    if decision.allowed {
                        relied[category] = entry
                    } else if refusal == nil || refusal?.code == "agreement_missing" {
                        refusal = InboundRefusal(code: decision.reason.code.rawValue, message: decision.reason.message, purpose: purpose)
                    }
                }
                if relied[category] != nil { break }
            }
            guard relied[category] != nil else {
                return .basisNotMet(category: category, reason: refusal ?? InboundRefusal(code: "no_basis", message: "No basis is declared"))
            }
        }
        return .accepted(relied)
    }
}
