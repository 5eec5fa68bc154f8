import CustodianCore
import CustodianStore
import Foundation

/// What a request for recommendations does, for a service asking about a person and for the
/// person asking about themselves: ask the purpose gate on every request (so an opt-out counts
/// from the next request on), then serve the personalised list or the popular one and say which.
struct RecommendationActions: Sendable {
    let live: LiveModel
    let consent: ConsentService
    let gate: PersonalisationGate
    let services: KnownServices

    struct Answer: Encodable, Sendable {
        var person: String
        var service: String?
        /// Whether the list was made from the person's own history.
        var personalized: Bool
        /// Why (a gate reason code, or `no_history`).
        var reason: String
        var message: String
        var purpose: String
        var policyVersion: String
        var items: [Item]
    }

    struct Item: Encodable, Sendable {
        var id: String
        var service: String
        var title: String
        var url: String
        var tags: [String]
        var published: String
        var score: Double
        /// `co_visitation` or `popular`.
        var source: String
    }

    /// The list for `person`.
    /// - Parameters:
    ///   - signals: the person's `Sec-GPC` / `DNT`, on their own request or forwarded by the service.
    ///   - evidence: recorded with the first signal seen for the person.
    func recommend(
        person: String, service: String?, limit: Int, signals: PrivacySignals, evidence: [String: String], actor: String, requestId: String
    ) async throws -> Answer {
        if let service, !(try await services.exists(service)) { throw AppError.unknownService }
        guard live.isReady else { throw AppError.modelLoading }
        var decision: Decision?
        if gate.isDeclared {
            if signals.any { try await consent.observe(signals, for: person, evidence: evidence) }
            guard let decided = try await consent.decide(
                person: person, purpose: PersonalisationGate.purpose, categories: PersonalisationGate.categories, signals: signals,
                actor: actor, requestId: requestId)
            else { throw ConsentError.unknownPerson }
            decision = decided
        } else {
            guard try await consent.snapshot(of: person).exists else { throw ConsentError.unknownPerson }
        }
        let allowed = decision?.allowed ?? false
        if !allowed { live.forget(person) }
        let (list, items) = live.recommend(
            person: person, service: service, limit: limit, mode: allowed ? .personalized : .popularity(excludingSeen: false))
        let reason: DecisionReason
        let personalized = allowed && list.seeds > 0
        if let decision {
            reason = decision.reason
        } else {
            reason = DecisionReason(.unknownPurpose, detail: PersonalisationGate.purpose)
        }
        let code = allowed && !personalized ? "no_history" : reason.code.rawValue
        let message = allowed && !personalized
            ? "Personalisation is allowed, but nothing is known yet of what this person viewed: the popular list"
            : reason.message
        return Answer(
            person: person, service: service, personalized: personalized, reason: code, message: message, purpose: PersonalisationGate.purpose,
            policyVersion: consent.policyVersion,
            items: zip(list.items, items).compactMap { recommendation, item in
                guard let item else { return nil }
                return Item(
                    id: item.id, service: item.service, title: item.title, url: item.url, tags: item.tags, published: ISOTimestamp.string(item.published),
                    score: (recommendation.score * 1_000_000).rounded() / 1_000_000, source: recommendation.source.rawValue)
            })
    }
}
