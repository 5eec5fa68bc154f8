import CustodianCore
import CustodianStore

/// Builds the investigation view of a person through the purpose gate (`essential.fraud_detection`
/// by default, or `essential.service.security`) and audits every view (`investigation.view`,
/// with the purpose and the categories opened) before it is returned.
struct InvestigationActions: Sendable {
    static let purposes = ["essential.fraud_detection", "essential.service.security"]

    let consent: ConsentService
    let people: PersonVault
    let events: RiskEventStore
    let signIns: SignInLog
    let sessions: SessionStore
    let sightings: URLSightingStore
    let audit: AuditLog
    let policy: Policy

    func view(person: String, purpose: String, actor: String, requestId: String) async throws -> InvestigationView {
        guard Self.purposes.contains(purpose), let basis = InvestigationView.legalBasis(purpose: purpose, policy: policy) else {
            throw AppError.validation(field: "purpose", code: "invalid_choice", message: "Choose one of: \(Self.purposes.joined(separator: ", ")).")
        }
        // Ask only for what the purpose may read, so a narrower purpose opens a narrower view.
        let readable = consent.gate.compiled.readableCategories(of: purpose)
        let categories = InvestigationView.wanted.filter(readable.contains)
        let access: Access
        do {
            switch try await consent.authorize(person: person, purpose: purpose, categories: categories, actor: actor, requestId: requestId) {
            case .success(let granted): access = granted
            case .failure(let decision): throw AppError.purposeDenied(purpose: purpose, decision)
            }
        } catch ConsentError.unknownPerson {
            throw AppError.notFound("There is no person with this id.")
        }
        func allowed(_ category: String) -> Bool { access.permits(category, of: person) }

        var view = InvestigationView(
            person: .init(id: person, email: nil), legalBasis: basis, categories: categories.filter(allowed), auditSeq: 0)
        if allowed(InvestigationView.emailCategory) {
            view.person.email = try await people.attributes(of: person, access: access).first { $0.field == ProfileFields.email }?.value
        }
        if allowed(InvestigationView.riskEventsCategory) {
            view.riskEvents = try await events.events(of: person).map(RiskViews.Event.init)
        }
        let networks = allowed(InvestigationView.networkCategory)
        if allowed(InvestigationView.devicesCategory) {
            view.signIns = try await signIns.recent(person: person, limit: 50).map {
                .init(at: ISOTimestamp.string($0.at), outcome: $0.outcome, score: $0.score, reasons: $0.reasons,
                      network: networks ? $0.network : nil, country: networks ? $0.country : nil)
            }
            view.devices = try await sessions.list(person: person).map {
                .init(session: $0.id, channel: $0.channel, network: networks ? $0.network : nil, createdAt: ISOTimestamp.string($0.createdAt),
                      lastSeenAt: ISOTimestamp.string($0.lastSeenAt), expiresAt: ISOTimestamp.string($0.expiresAt), revokedAt: $0.revokedAt.map(ISOTimestamp.string))
            }
        }
        if allowed(RiskCategories.postedContent) || allowed(RiskCategories.browsing) {
            view.flaggedURLs = try await sightings.sightings(of: person, access: access).map(RiskViews.Sighting.init)
        }
        let entry = try await audit.record(AuditEvent(
            actor: actor, action: "investigation.view", subject: person, purpose: purpose, categories: view.categories, requestId: requestId,
            details: ["sections": [view.riskEvents.map { _ in "riskEvents" }, view.signIns.map { _ in "signIns" }, view.flaggedURLs.map { _ in "flaggedURLs" }]
                .compactMap { $0 }.joined(separator: ",")]))
        view.auditSeq = entry.seq
        return view
    }
}
