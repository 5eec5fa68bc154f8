import CustodianCore
import CustodianStore
import Foundation
import Synchronization

/// Account and activity risk beyond sign-in: too many registrations, contact messages or comments
/// from one address or network, a session used from places too far apart to travel between, and
/// repeated refused calls from one key or address. Each becomes a ``RiskEvent`` (kept for the
/// person and for staff) the first time its threshold is crossed in a window.
///
/// Counting is in memory per process (like the rate limits): cheap enough for every request,
/// and no address is stored beyond the window. Events name networks (IPv4 /24, IPv6 /48) and API
/// key ids, never full addresses.
public final class ActivityMonitor: Sendable {
    let events: RiskEventStore
    let apiKeys: APIKeyStore
    let geoIP: MMDBReader?
    let configuration: RiskConfiguration
    private let counters = Mutex<[String: [Int64]]>([:])
    /// Windows already reported per key, so a flood makes one event per window, not thousands.
    private let reported = Mutex<[String: Int64]>([:])
    /// The last place each session was used from: address, location, time.
    private let places = Mutex<[String: (address: String, point: GeoPoint?, at: Int64)]>([:])
    let now: @Sendable () -> Int64

    init(events: RiskEventStore, apiKeys: APIKeyStore, geoIP: MMDBReader?, configuration: RiskConfiguration, now: @escaping @Sendable () -> Int64) {
        self.events = events
        self.apiKeys = apiKeys
        self.geoIP = geoIP
        self.configuration = configuration
        self.now = now
    }

    /// What is counted.
    public enum Activity: String, Sendable {
        case registration
        case contact
        case comment

        var kind: String { rawValue + "_velocity" }
    }

    /// Counts one registration, contact message or comment from `address` (by `person`, when
    /// known) and records a risk event when the address or its network crosses the threshold.
    public func observe(_ activity: Activity, person: String?, address: String?, requestId: String?) async {
        guard let address else { return }
        let limit: VelocityLimit
        switch activity {
        case .registration: limit = configuration.registrationVelocity
        case .contact: limit = configuration.contactVelocity
        case .comment: limit = configuration.commentVelocity
        }
        let network = IPTruncation.truncate(address) ?? "unknown"
        var crossed: [(reason: String, count: Int)] = []
        let addressCount = count("\(activity.rawValue)|a|\(address)", window: limit.windowSeconds)
        let networkCount = count("\(activity.rawValue)|n|\(network)", window: limit.windowSeconds)
        if addressCount > limit.count, firstInWindow("\(activity.rawValue)|a|\(address)", window: limit.windowSeconds) {
            crossed.append(("address_velocity", addressCount))
        }
        if networkCount > limit.count, firstInWindow("\(activity.rawValue)|n|\(network)", window: limit.windowSeconds) {
            crossed.append(("network_velocity", networkCount))
        }
        guard !crossed.isEmpty else { return }
        let top = crossed.map(\.count).max() ?? 0
        let event = RiskEvent(
            personId: person, subject: "network:\(network)", kind: activity.kind, score: min(100, 40 + 10 * (top - limit.count)),
            reasons: crossed.map(\.reason),
            details: ["count": String(top), "limit": String(limit.count), "windowSeconds": String(limit.windowSeconds), "network": network],
            requestId: requestId)
        try? await events.record([event])
    }

    /// Checks where `session` is used from: a second place too far from the last to travel
    /// between in the time (as ``SignInRisk/isImpossibleTravel(from:at:to:at:)``) is a
    /// `session_travel` event. Needs `CUSTODIAN_GEOIP`; cheap when the address has not changed.
    public func sessionUsed(_ session: Session, address: String?, requestId: String?) async {
        guard let geoIP, let address else { return }
        let time = now()
        let previous = places.withLock { places -> (address: String, point: GeoPoint?, at: Int64)? in
            let last = places[session.id]
            guard last?.address != address else { return nil }
            if places.count > 100_000 { places.removeAll(keepingCapacity: true) }
            let point = geoIP.location(of: address).map { GeoPoint(latitude: $0.latitude, longitude: $0.longitude).coarsened() }
            places[session.id] = (address, point, time)
            return last
        }
        guard let previous, let from = previous.point, let here = places.withLock({ $0[session.id]?.point }),
              SignInRisk.isImpossibleTravel(from: from, at: previous.at, to: here, at: time),
              firstInWindow("travel|\(session.id)", window: 3_600)
        else { return }
        let kilometres = Int(from.distanceKilometres(to: here).rounded())
        try? await events.record([RiskEvent(
            personId: session.personId, kind: "session_travel", score: 60, reasons: ["impossible_travel"],
            details: [
                "session": session.id, "kilometres": String(kilometres), "minutes": String(max(0, (time - previous.at) / 60_000)),
                "from": IPTruncation.truncate(previous.address) ?? "", "to": IPTruncation.truncate(address) ?? "",
            ],
            requestId: requestId)])
    }

    /// Counts a refused call: any 4xx with a credential, 401/403 without. Past the failure
    /// threshold, a `failed_calls` event names the API key (or the network when the key is not valid).
    func refused(status: Int, credential: String?, address: String?, requestId: String?) async {
        guard credential != nil || status == 401 || status == 403 else { return }
        let limit = configuration.failureVelocity
        let key = credential.map { "fail|c|" + Self.digest($0) } ?? "fail|a|" + (address ?? "unknown")
        guard count(key, window: limit.windowSeconds) > limit.count, firstInWindow(key, window: limit.windowSeconds) else { return }
        var subject = "network:" + (address.flatMap(IPTruncation.truncate) ?? "unknown")
        var person: String?
        if let credential {
            if credential.hasPrefix(APIKeyStore.secretPrefix), let key = try? await apiKeys.authenticate(credential) {
                subject = "apikey:\(key.id)"
            } else if credential.hasPrefix(SessionStore.tokenPrefix) {
                subject = "session"
                person = nil
            }
        }
        try? await events.record([RiskEvent(
            personId: person, subject: subject, kind: "failed_calls", score: 50, reasons: ["repeated_failures"],
            details: ["count": String(limit.count + 1), "windowSeconds": String(limit.windowSeconds), "lastStatus": String(status)],
            requestId: requestId)])
    }

    // MARK: - counting

    /// Counts one occurrence of `key` and returns how many fall in the window.
    private func count(_ key: String, window: Int) -> Int {
        let time = now()
        let horizon = time - Int64(window) * 1_000
        return counters.withLock { counters in
            var times = counters[key] ?? []
            times.removeAll { $0 <= horizon }
            times.append(time)
            // Enough to know the threshold was crossed; older ones add nothing.
            if times.count > 1_000 { times.removeFirst(times.count - 1_000) }
            if counters.count > 200_000 { counters.removeAll(keepingCapacity: true) }
            counters[key] = times
            return times.count
        }
    }

    /// True once per window for `key`.
    private func firstInWindow(_ key: String, window: Int) -> Bool {
        let time = now()
        return reported.withLock { reported in
            if let last = reported[key], time - last < Int64(window) * 1_000 { return false }
            if reported.count > 100_000 { reported.removeAll(keepingCapacity: true) }
            reported[key] = time
            return true
        }
    }

    static func digest(_ text: String) -> String {
        Hex.encode(Identifiers.secretDigest(text).prefix(8))
    }
}
