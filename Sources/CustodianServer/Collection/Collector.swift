import CustodianCore
import CustodianStore
import Foundation

/// The collection pipeline: resolves whose each event is, decides from the policy and their
/// choices what may be kept, enriches, and hands the events to the store's group commit.
struct Collector: Sendable {
    let events: EventStore
    let links: IdentityLinks
    let consent: ConsentService
    let acceptances: PolicyAcceptances
    let plan: CollectionPlan
    let enricher: EventEnricher
    /// Page URLs and referrers are screened and flagged (never rejected).
    var screening: URLScreening?
    /// Told about the events once they are durable (the recommendation model's queue).
    var observer: (any CollectedEventObserver)? = nil

    /// The outcome of one request.
    struct Outcome: Sendable {
        var accepted: Int
        var rejected: [EventProblem]
    }

    /// Processes the events of one request and returns once the accepted ones are durable.
    /// - Parameters:
    ///   - source: the idempotency scope (the service, or the API key).
    ///   - sessionPerson: the signed-in person, for events that do not name one.
    func collect(_ payload: CollectPayload, facts: RequestFacts, source: String, sessionPerson: String?) async throws -> Outcome {
        var records: [EventRecord] = []
        records.reserveCapacity(payload.events.count)
        var rejected: [EventProblem] = []
        var identifies: [(anonymousId: String?, deviceId: String?, person: String)] = []
        // Per-request memo: most batches come from one browser or app.
        var snapshots: [String: ConsentSnapshot] = [:]
        var accepted: [String: Bool] = [:]
        var observed = Set<String>()
        var linked: [String: String?] = [:]
        var memo = EnrichmentMemo()
        var screened = LinkScreening(screening: screening)
        let essential = plan.essentialFields
        for (index, result) in payload.events.enumerated() {
            let event: IncomingEvent
            switch result {
            case .success(let valid): event = valid
            case .failure(let problems):
                rejected += problems.problems
                continue
            }
            let signals = EventEnricher.signals(event, facts)
            var person: String?
            if let userId = event.userId {
                person = userId
            } else if let sessionPerson {
                person = sessionPerson
            } else if let anonymousId = event.anonymousId {
                if let known = linked[anonymousId] {
                    person = known
                } else {
                    person = try await events.person(forAnonymousId: anonymousId)
                    linked[anonymousId] = .some(person)
                }
            }
            var fields: EventFieldSet
            if let id = person {
                let snapshot: ConsentSnapshot
                if let known = snapshots[id] {
                    snapshot = known
                } else {
                    snapshot = try await consent.snapshot(of: id)
                    snapshots[id] = snapshot
                }
                guard snapshot.exists else {
                    if event.userId != nil {
                        rejected.append(EventProblem(index: index, field: "userId", code: "unknown_person", message: "No person has this id."))
                        continue
                    }
                    // A link to someone since erased: the event is a visitor's.
                    var visitorFields = plan.forVisitor(signals: signals)
                    if event.context.analyticsRefused { visitorFields.formIntersection(essential) }
                    records.append(EventRecord(source: source, personId: nil, event: enricher.enrich(event, facts: facts, fields: visitorFields, memo: &memo)))
                    screened.screen(event, person: nil)
                    continue
                }
                let hasAccepted: Bool
                if let known = accepted[id] {
                    hasAccepted = known
                } else {
                    hasAccepted = try await acceptances.hasAccepted(id, version: consent.policyVersion)
                    accepted[id] = hasAccepted
                }
                if signals.any, observed.insert(id).inserted {
                    // The first GPC/DNT seen for a person is recorded in their consent ledger.
                    _ = try await consent.observe(signals, for: id, evidence: ["channel": "collect"])
                    snapshots[id] = try await consent.snapshot(of: id)
                }
                fields = plan.forPerson(accepted: hasAccepted, consent: (snapshots[id] ?? snapshot).states, signals: signals)
            } else {
                fields = plan.forVisitor(signals: signals)
            }
            if event.context.analyticsRefused {
                // A refusal given in the client's own prompt: only the strictly necessary purposes remain.
                fields.formIntersection(essential)
            }
            if event.type == .identify, let id = person, event.anonymousId != nil || event.context.deviceId != nil {
                identifies.append((event.anonymousId, event.context.deviceId, id))
            }
            records.append(EventRecord(source: source, personId: person, event: enricher.enrich(event, facts: facts, fields: fields, memo: &memo)))
            screened.screen(event, person: person)
        }
        try await events.append(records)
        if let screening, !screened.sightings.isEmpty { try await screening.sightings.record(screened.sightings) }
        observer?.collected(records)
        for link in identifies {
            if let anonymousId = link.anonymousId { try await links.link(.anonymous, value: anonymousId, to: link.person, service: nil) }
            if let deviceId = link.deviceId { try await links.link(.device, value: deviceId, to: link.person, service: nil) }
            try await events.adopt(anonymousId: link.anonymousId, deviceId: link.deviceId, person: link.person)
        }
        return Outcome(accepted: records.count, rejected: rejected)
    }
}
