import CustodianCore
import CustodianStore
import Logging
import ServiceLifecycle
import Synchronization

/// The one place every part of the platform asks "is this link risky?": the URL analysis with
/// the operator's settings and the current risky-URL registry, plus a way to record what was
/// found in someone's text.
///
/// Built once in the composition root and passed to whatever takes URLs in (contact messages,
/// collection, and the comments, partner records and promotion links built elsewhere). Checks
/// are synchronous and lock only to read the current registry index; the index is rebuilt after
/// this node changes the registry and every `CUSTODIAN_RISK_REFRESH_S` seconds when another
/// node did (``RegistryRefreshService``).
public final class URLScreening: Sendable {
    public let analyzer: URLAnalyzer
    public let extractor: URLExtractor
    let store: RiskyURLStore
    let sightings: URLSightingStore
    let events: RiskEventStore
    let now: @Sendable () -> Int64
    private let state = Mutex<(index: RiskyURLIndex, mark: String)>((index: RiskyURLIndex.empty, mark: ""))

    init(analyzer: URLAnalyzer, store: RiskyURLStore, sightings: URLSightingStore, events: RiskEventStore, now: @escaping @Sendable () -> Int64) {
        self.analyzer = analyzer
        self.extractor = URLExtractor(publicSuffixes: analyzer.settings.publicSuffixes)
        self.store = store
        self.sightings = sightings
        self.events = events
        self.now = now
    }

    /// The registry index in force.
    public var registry: RiskyURLIndex { state.withLock { $0.index } }

    /// Judges one URL.
    public func check(_ url: String) -> URLAssessment {
        analyzer.assess(url, registry: registry, now: now())
    }

    /// The registry's strongest listing of a client address (an IP listed as a host or URL), if
    /// any. Only the registry is asked: the heuristics judge links, not the addresses people
    /// connect from (every client "is" an IP literal).
    public func flaggedAddress(_ ip: String) -> RiskyURLCategory? {
        let host = ip.contains(":") ? "[\(ip)]" : ip
        let assessment = analyzer.assess("http://\(host)/", registry: registry, now: now())
        return assessment.listings.max { $0.weight < $1.weight }?.category
    }

    /// What screening found in a text: every link that is not safe, with its assessment.
    public struct TextScreening: Sendable {
        public var flagged: [(link: String, assessment: URLAssessment)]
        /// The worst verdict among the links (safe when there are none).
        public var verdict: URLVerdict

        /// Whether content carrying these links should wait for a moderator.
        public var shouldHold: Bool { verdict != .safe }

        /// The distinct reasons, for showing beside held content (codes and operator data only).
        public var reasons: [URLRiskReason] {
            var seen = Set<URLRiskReason>()
            return flagged.flatMap { $0.assessment.reasons }.filter { seen.insert($0).inserted }
        }
    }

    /// Finds the links in `text` and judges each.
    public func screen(text: String) -> TextScreening {
        let registry = registry
        let time = now()
        var flagged: [(link: String, assessment: URLAssessment)] = []
        var worst = URLVerdict.safe
        for link in extractor.links(in: text) {
            let assessment = analyzer.assess(link, registry: registry, now: time)
            guard assessment.verdict != .safe else { continue }
            flagged.append((link, assessment))
            worst = max(worst, assessment.verdict)
        }
        return TextScreening(flagged: flagged, verdict: worst)
    }

    /// Records the flagged links of a screening: sightings (the URL sealed under `keySubject`)
    /// and, for a person, a `flagged_url` risk event.
    public func record(
        _ screening: TextScreening, person: String?, keySubject: String?, context: String, category: String = RiskCategories.postedContent,
        itemId: String?, requestId: String?
    ) async throws {
        guard !screening.flagged.isEmpty else { return }
        try await sightings.record(screening.flagged.map { entry in
            URLSighting(
                personId: person, keySubject: keySubject, context: context, category: category, itemId: itemId, verdict: entry.assessment.verdict,
                score: entry.assessment.score, reasons: entry.assessment.reasons, url: entry.link)
        })
        if let person {
            let top = screening.flagged.map { $0.assessment.score }.max() ?? 0
            try await events.record([RiskEvent(
                personId: person, kind: "flagged_url", score: top, reasons: Array(Set(screening.reasons.map(\.code))).sorted(),
                details: ["context": context, "links": String(screening.flagged.count), "verdict": screening.verdict.rawValue], requestId: requestId)])
        }
    }

    /// Rebuilds the registry index from the store.
    public func reload() async throws {
        let mark = try await store.changeMark()
        let listings = try await store.activeListings(at: now())
        let index = RiskyURLIndex(listings)
        state.withLock { $0 = (index: index, mark: mark) }
    }

    /// Rebuilds the index when the registry changed since the last load (another node wrote).
    func reloadIfChanged() async throws {
        let mark = try await store.changeMark()
        guard mark != state.withLock({ $0.mark }) else { return }
        try await reload()
    }
}

/// Policy categories of what risk records hold.
public enum RiskCategories {
    /// Links people post (messages, comments): a record of their behaviour on the platform.
    public static let postedContent = "user.behavior"
    /// Page URLs and referrers collected from browsers and apps.
    public static let browsing = "user.behavior.browsing_history"
}

/// Reloads the registry index at start-up and then every `CUSTODIAN_RISK_REFRESH_S` seconds if
/// another node changed it, so listings (and expiries) reach every node.
struct RegistryRefreshService: Service {
    let screening: URLScreening
    let interval: Duration
    let logger: Logger
    /// Fired once the store is migrated; the first load waits for it.
    var storeReady: StartSignal? = nil

    func run() async throws {
        if let storeReady {
            await cancelWhenGracefulShutdown { await storeReady.wait() }
            guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return }
        }
        do {
            try await screening.reload()
        } catch {
            logger.error("risk registry load failed", metadata: ["custodian.error": .string(String(describing: type(of: error)))])
        }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return }
            do {
                try await screening.reloadIfChanged()
            } catch {
                logger.warning("risk registry refresh failed", metadata: ["custodian.error": .string(String(describing: type(of: error)))])
            }
        }
    }
}
