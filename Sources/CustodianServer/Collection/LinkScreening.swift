import CustodianCore
import CustodianStore

/// The URL screening of one collection request: each event's page URL and referrer are judged
/// (each distinct URL once per request), and the ones that are not safe become sightings —
/// flagged, never rejected: a visitor arriving from a phishing page did nothing wrong, but staff
/// investigating a person want to know. A person's sighting keeps the URL sealed with their key;
/// a visitor's keeps only the verdict and reasons.
struct LinkScreening {
    let screening: URLScreening?
    private(set) var sightings: [URLSighting] = []
    private var seen: [String: URLAssessment] = [:]
    private var registry: RiskyURLIndex?
    private var now: Int64 = 0

    init(screening: URLScreening?) {
        self.screening = screening
    }

    mutating func screen(_ event: IncomingEvent, person: String?) {
        guard let screening else { return }
        if let url = event.context.pageURL { check(url, context: "collect.page", event: event, person: person, screening: screening) }
        if let referrer = event.context.pageReferrer, !referrer.isEmpty {
            check(referrer, context: "collect.referrer", event: event, person: person, screening: screening)
        }
    }

    private mutating func check(_ url: String, context: String, event: IncomingEvent, person: String?, screening: URLScreening) {
        let assessment: URLAssessment
        if let known = seen[url] {
            assessment = known
        } else {
            if registry == nil {
                registry = screening.registry
                now = screening.now()
            }
            assessment = screening.analyzer.assess(url, registry: registry ?? .empty, now: now)
            if seen.count < 256 { seen[url] = assessment }
        }
        guard assessment.verdict != .safe else { return }
        sightings.append(URLSighting(
            personId: person, keySubject: person, context: context, category: RiskCategories.browsing, itemId: event.messageId,
            verdict: assessment.verdict, score: assessment.score, reasons: assessment.reasons, url: person == nil ? nil : url))
    }
}
