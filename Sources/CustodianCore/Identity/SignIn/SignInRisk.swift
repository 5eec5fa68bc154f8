/// What is known about one sign-in attempt, for scoring.
public struct SignInContext: Sendable, Equatable {
    /// A keyed digest of the exact user-agent string: the "commonly used software" signal.
    public var softwareDigest: String?
    /// The truncated network (IPv4 /24, IPv6 /48): the "network habits" signal.
    public var network: String?
    /// Country, when an IP database is configured.
    public var country: String?
    /// Failed attempts for this account in the throttle window.
    public var recentAccountFailures: Int
    /// Failed attempts from this address in the throttle window.
    public var recentAddressFailures: Int

    public init(softwareDigest: String?, network: String?, country: String? = nil, recentAccountFailures: Int, recentAddressFailures: Int) {
        self.softwareDigest = softwareDigest
        self.network = network
        self.country = country
        self.recentAccountFailures = recentAccountFailures
        self.recentAddressFailures = recentAddressFailures
    }
}

/// What the account has done before: its earlier successful sign-ins.
public struct SignInHistory: Sendable, Equatable {
    public var knownSoftware: Set<String>
    public var knownNetworks: Set<String>
    public var knownCountries: Set<String>
    public var successfulSignIns: Int

    public init(knownSoftware: Set<String> = [], knownNetworks: Set<String> = [], knownCountries: Set<String> = [], successfulSignIns: Int = 0) {
        self.knownSoftware = knownSoftware
        self.knownNetworks = knownNetworks
        self.knownCountries = knownCountries
        self.successfulSignIns = successfulSignIns
    }
}

/// The scored outcome of a sign-in: what to do and why.
public struct SignInAssessment: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case allow
        case stepUp = "step_up"
        case deny
    }

    public var outcome: Outcome
    /// 0 (familiar) … 100 (hostile).
    public var score: Int
    /// Stable reason codes: `new_software`, `new_network`, `new_country`, `account_failures`, `address_failures`.
    public var reasons: [String]
}

/// Scores a sign-in from the policy's security signals: network habits and commonly used software.
public enum SignInRisk {
    /// Scores at or above this ask for a second factor; at or above `denyAt` are refused.
    public static let stepUpAt = 50
    public static let denyAt = 90

    public static func assess(_ context: SignInContext, history: SignInHistory) -> SignInAssessment {
        var score = 0
        var reasons: [String] = []
        // A first sign-in has no habits to compare with; novelty only counts once there are some.
        if history.successfulSignIns > 0 {
            if let software = context.softwareDigest, !history.knownSoftware.contains(software) {
                score += 20
                reasons.append("new_software")
            }
            if let network = context.network, !history.knownNetworks.contains(network) {
                score += 20
                reasons.append("new_network")
            }
            if let country = context.country, !history.knownCountries.isEmpty, !history.knownCountries.contains(country) {
                score += 30
                reasons.append("new_country")
            }
        }
        if context.recentAccountFailures >= 3 {
            score += min(30, context.recentAccountFailures * 5)
            reasons.append("account_failures")
        }
        if context.recentAddressFailures >= 5 {
            score += min(30, context.recentAddressFailures * 3)
            reasons.append("address_failures")
        }
        score = min(score, 100)
        let outcome: SignInAssessment.Outcome = score >= denyAt ? .deny : score >= stepUpAt ? .stepUp : .allow
        return SignInAssessment(outcome: outcome, score: score, reasons: reasons)
    }
}
