import CustodianCore
import CustodianStore
import Foundation

/// The cross-service profile: what one person gave and did, as a calling service may see it.
///
/// - Without the combination purpose (`personalize.content.profiling`, opt-in), a service sees
///   its own slice: the attributes it (or the platform's own pages) brought, read for providing
///   the service (`essential.service`), and the activity it collected, read for improving it
///   (`functional.service.improve`) — both by use of the service.
/// - With it granted, attributes and activity of every service are merged in, as far as the
///   combination purpose may read them (with the default policy: name, gender, date of birth,
///   browsing — not another service's contact details).
/// - Every read goes through the gate; a refused combination is audited as a denial, and every
///   profile read as `profile.read` with the purposes and categories opened.
struct ProfileActions: Sendable {
    let consent: ConsentService
    let people: PersonVault
    let events: EventStore
    let live: LiveModel
    let audit: AuditLog

    static let combinationPurpose = "personalize.content.profiling"
    static let servicePurpose = "essential.service"
    static let activityPurpose = "functional.service.improve"
    /// The attribute categories a profile may show.
    static let attributeCategories = Set(ProfileFields.categories.values)
    /// The latest views the profile's recent items and tags come from.
    static let recentViews = 200

    func profile(
        of person: String, service: String, combined wanted: Bool, signals: PrivacySignals, evidence: [String: String], actor: String,
        requestId: String
    ) async throws -> ProfileViews.Profile {
        guard try await consent.snapshot(of: person).exists else { throw ConsentError.unknownPerson }
        if signals.any { try await consent.observe(signals, for: person, evidence: evidence) }
        let own = try await access(person, Self.servicePurpose, Self.attributeCategories, actor: actor, requestId: requestId)
        let ownActivity = try await access(person, Self.activityPurpose, [EventStore.browsingCategory], actor: actor, requestId: requestId)
        var combination: Access?
        var reason = DecisionReason(.consentMissing)
        var code = "not_requested"
        if wanted {
            let categories = Self.attributeCategories.union([EventStore.browsingCategory])
            switch try await authorize(person, Self.combinationPurpose, categories, signals: signals, actor: actor, requestId: requestId) {
            case .success(let granted):
                combination = granted
                reason = granted.decision.reason
            case .failure(let decision):
                reason = decision.reason
            }
            code = reason.code.rawValue
        }
        var attributes: [ProfileViews.Attribute] = []
        var opened = Set<String>()
        if let own {
            for entry in try await people.serviceAttributes(of: person, access: own) where entry.service == nil || entry.service == service {
                attributes.append(Self.view(entry))
                opened.insert(entry.attribute.category)
            }
        }
        let activityAccess = combination ?? ownActivity
        if let combination {
            for entry in try await people.serviceAttributes(of: person, access: combination) where entry.service != nil && entry.service != service {
                attributes.append(Self.view(entry))
                opened.insert(entry.attribute.category)
            }
        }
        var activity = ProfileViews.activity([], recent: [], items: [])
        if let activityAccess {
            let sources: Set<String>? = combination == nil ? [service] : nil
            let counts = try await events.activity(of: person, sources: sources, access: activityAccess)
            let recent = try await events.recentViews(of: person, sources: sources, limit: Self.recentViews, access: activityAccess)
            let references = recent.map { ViewMapping.reference(type: $0.type, url: $0.url, properties: $0.properties, bot: false) }
            activity = ProfileViews.activity(counts, recent: recent, items: live.items(references))
            opened.insert(EventStore.browsingCategory)
        }
        var services = Set(attributes.map { $0.service ?? "platform" }).union(activity.byService.map(\.service))
        if combination == nil { services.insert(service) }
        let purposes = [own.map { _ in Self.servicePurpose }, ownActivity.map { _ in Self.activityPurpose }, combination.map { _ in Self.combinationPurpose }]
        try await audit.record(AuditEvent(
            actor: actor, action: "profile.read", subject: person, purpose: purposes.compactMap { $0 }.joined(separator: ","),
            categories: opened.sorted(), requestId: requestId,
            details: ["service": service, "combined": combination == nil ? "false" : "true", "reason": code]))
        return ProfileViews.Profile(
            person: person, service: service, combined: combination != nil, reason: code,
            message: wanted ? reason.message : "This service's own slice; ask with combined=true for every service's data (needs the person's consent)",
            purpose: Self.combinationPurpose, services: services.sorted(), attributes: attributes.sorted { ($0.field, $0.service ?? "") < ($1.field, $1.service ?? "") },
            activity: activity, policyVersion: consent.policyVersion)
    }

    /// An access for the categories of `wanted` that `purpose` may read, or nil when there are
    /// none or the gate refuses (refusals are audited by the consent service).
    private func access(_ person: String, _ purpose: String, _ wanted: Set<String>, actor: String, requestId: String) async throws -> Access? {
        if case .success(let access) = try await authorize(person, purpose, wanted, signals: .none, actor: actor, requestId: requestId) { return access }
        return nil
    }

    private func authorize(
        _ person: String, _ purpose: String, _ wanted: Set<String>, signals: PrivacySignals, actor: String, requestId: String
    ) async throws -> Result<Access, Decision> {
        let readable = consent.gate.compiled.readableCategories(of: purpose).intersection(wanted)
        guard consent.gate.compiled.basis(of: purpose) != nil else { return .failure(Decision(allowed: false, basis: nil, reason: DecisionReason(.unknownPurpose, detail: purpose))) }
        guard !readable.isEmpty else { return .failure(Decision(allowed: false, basis: nil, reason: DecisionReason(.categoryNotAllowed))) }
        return try await consent.authorize(
            person: person, purpose: purpose, categories: readable.sorted(), signals: signals, actor: actor, requestId: requestId)
    }

    static func view(_ entry: ServiceAttribute) -> ProfileViews.Attribute {
        ProfileViews.Attribute(field: entry.attribute.field, value: entry.attribute.value, category: entry.attribute.category, service: entry.service)
    }
}
