import CustodianCore
import CustodianStore

/// What staff see when they investigate a person for fraud or security: the legal basis, the
/// person's risk events, sign-ins, sessions (devices) and the flagged links they posted, each
/// section present only when the purpose gate let its category open. The console's page renders
/// this model; the admin API returns it as JSON.
struct InvestigationView: Sendable, Encodable {
    /// Why this may be looked at: the purpose, its basis and that there is no opt-out.
    struct LegalBasis: Sendable, Encodable {
        var purpose: String
        var title: String
        var description: String
        /// `by_use`: it rests on the use of the service.
        var basis: String
        var optOut: Bool
        var statement: String
    }

    struct Person: Sendable, Encodable {
        var id: String
        /// Only when the purpose may read `user.contact.email`.
        var email: String?
    }

    struct SignIn: Sendable, Encodable {
        var at: String
        var outcome: String
        var score: Int
        var reasons: [String]
        var network: String?
        var country: String?
    }

    struct Device: Sendable, Encodable {
        var session: String
        var channel: String
        var network: String?
        var createdAt: String
        var lastSeenAt: String
        var expiresAt: String
        var revokedAt: String?
    }

    var person: Person
    var legalBasis: LegalBasis
    /// The categories the gate let this view open.
    var categories: [String]
    var riskEvents: [RiskViews.Event]?
    var signIns: [SignIn]?
    var devices: [Device]?
    var flaggedURLs: [RiskViews.Sighting]?
    /// The audit entry that records this view.
    var auditSeq: Int64

    /// The categories each section needs.
    static let riskEventsCategory = "user.behavior"
    static let devicesCategory = "user.device"
    static let networkCategory = "user.location.imprecise"
    static let emailCategory = "user.contact.email"
    static let wanted = [riskEventsCategory, devicesCategory, networkCategory, emailCategory, RiskCategories.postedContent, RiskCategories.browsing]

    static func legalBasis(purpose: String, policy: Policy) -> LegalBasis? {
        guard let declared = policy.purposes.first(where: { $0.key == purpose }) else { return nil }
        let byUse = declared.basis == .byUse
        return LegalBasis(
            purpose: declared.key, title: declared.title, description: declared.description, basis: declared.basis.rawValue, optOut: !byUse,
            statement: byUse
                ? "This rests on the use of the service (fraud prevention and security): there is no opt-out while the account exists."
                : "This purpose rests on the person's choices; the gate has checked them.")
    }
}
