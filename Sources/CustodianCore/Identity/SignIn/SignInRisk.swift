import Foundation

/// What is known about one sign-in attempt, for scoring.
public struct SignInContext: Sendable, Equatable {
    /// A keyed digest of the exact user-agent string: the "commonly used software" signal.
    public var softwareDigest: String?
    /// The truncated network (IPv4 /24, IPv6 /48): the "network habits" signal.
    public var network: String?
    /// Country, when an IP database is configured.
    public var country: String?
    /// Coarse location from the IP database, when it has one.
    public var location: GeoPoint?
    /// When the attempt happens, in milliseconds since the Unix epoch.
    public var at: Int64
    /// Failed attempts for this account in the throttle window.
    public var recentAccountFailures: Int
    /// Failed attempts from this address in the throttle window.
    public var recentAddressFailures: Int
    /// The risky-URL registry's listing of the client's address (an IP listed as a host), if any:
    /// the "risky IPs" signal.
    public var flaggedAddress: RiskyURLCategory?

    public init(
        softwareDigest: String?, network: String?, country: String? = nil, location: GeoPoint? = nil, at: Int64 = 0,
        recentAccountFailures: Int, recentAddressFailures: Int, flaggedAddress: RiskyURLCategory? = nil
    ) {
        self.softwareDigest = softwareDigest
        self.network = network
        self.country = country
        self.location = location
        self.at = at
        self.recentAccountFailures = recentAccountFailures
        self.recentAddressFailures = recentAddressFailures
        self.flaggedAddress = flaggedAddress
    }
}

/// What the account has done before: its earlier successful sign-ins.
public struct SignInHistory: Sendable {
    public var knownSoftware: Set<String>
    public var knownNetworks: Set<String>
    public var knownCountries: Set<String>
    public var successfulSignIns: Int
    /// Where and when the latest successful sign-in with a known location happened.
    public var lastLocated: (at: Int64, location: GeoPoint)?

    public init(
        knownSoftware: Set<String> = [], knownNetworks: Set<String> = [], knownCountries: Set<String> = [], successfulSignIns: Int = 0,
        lastLocated: (at: Int64, location: GeoPoint)? = nil
    ) {
        self.knownSoftware = knownSoftware
        self.knownNetworks = knownNetworks
        self.knownCountries = knownCountries
        self.successfulSignIns = successfulSignIns
        self.lastLocated = lastLocated
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
    /// Stable reason codes: `new_software`, `new_network`, `new_country`, `impossible_travel`,
    /// `account_failures`, `address_failures`.
    public var reasons: [String]

    public init(outcome: Outcome, score: Int, reasons: [String]) {
        self.outcome = outcome
        self.score = score
        self.reasons = reasons
    }
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
        if let here = context.location, let last = history.lastLocated,
           isImpossibleTravel(from: last.location, at: last.at, to: here, at: context.at) {
            score += 40
            reasons.append("impossible_travel")
        }
        if context.recentAccountFailures >= 3 {
            score += min(30, context.recentAccountFailures * 5)
            reasons.append("account_failures")
        }
        if context.recentAddressFailures >= 5 {
            score += min(30, context.recentAddressFailures * 3)
            reasons.append("address_failures")
        }
        if let flagged = context.flaggedAddress {
            // A listed address is as strong a sign as impossible travel: enough for a step-up alone.
            score += 40
            reasons.append("flagged_address_\(flagged.rawValue)")
        }
        score = min(score, 100)
        let outcome: SignInAssessment.Outcome = score >= denyAt ? .deny : score >= stepUpAt ? .stepUp : .allow
        return SignInAssessment(outcome: outcome, score: score, reasons: reasons)
    }
}

extension SignInRisk {
    /// Faster than an airliner (900 km/h) over more than 500 km: no one travels like that.
    public static func isImpossibleTravel(from: GeoPoint, at start: Int64, to: GeoPoint, at end: Int64) -> Bool {
        let kilometres = from.distanceKilometres(to: to)
        guard kilometres > 500 else { return false }
        let hours = max(Double(end - start) / 3_600_000, 1.0 / 60)
        return kilometres / hours > 900
    }
}

/// A point on Earth, coarse: locations are rounded before they are stored.
public struct GeoPoint: Sendable, Equatable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// This point rounded to `step` degrees (0.01° is about 1 km).
    public func coarsened(step: Double = 0.01) -> GeoPoint {
        GeoPoint(latitude: (latitude / step).rounded() * step, longitude: (longitude / step).rounded() * step)
    }

    /// Great-circle distance (haversine), in kilometres.
    public func distanceKilometres(to other: GeoPoint) -> Double {
        let radians = Double.pi / 180
        let dLat = (other.latitude - latitude) * radians
        let dLon = (other.longitude - longitude) * radians
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude * radians) * cos(other.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 6_371 * 2 * atan2(a.squareRoot(), (1 - a).squareRoot())
    }
}
