import CustodianCore

extension DemoBuilder {
    /// The choices people made in the privacy centre, recorded as their own (source `explicit`):
    /// some opt out of personalisation or of marketing, some opt in to combining services, to
    /// sharing with partners or to other uses. Purposes the policy does not declare are skipped.
    /// GPC is not chosen here: those people's browsers send it with their events.
    func makeConsents(_ state: inout DemoState) async throws {
        var random = DemoRandom(seed: configuration.seed, stream: "consents")
        let choices: [(purpose: String, state: String, share: Double)] = [
            (PersonalisationGate.purpose, "denied", 0.12),
            ("marketing.communications.email", "denied", 0.15),
            ("marketing.advertising.first_party", "denied", 0.08),
            (ProfileActions.combinationPurpose, "granted", 0.2),
            ("third_party_sharing", "granted", 0.1),
            ("collect", "granted", 0.03),
        ].filter { consent.policy.purpose($0.purpose) != nil }
        var planned: [(person: DemoPerson, choices: [(purpose: String, state: String)])] = []
        for person in state.people {
            let made = choices.filter { random.chance($0.share) }.map { ($0.purpose, $0.state) }
            if !made.isEmpty { planned.append((person, made)) }
        }
        let plans = planned
        // One person's choices one after the other, as they would click them.
        _ = try await Self.concurrently(plans.count, width: configuration.concurrency) { index in
            let plan = plans[index]
            let evidence = RequestEvidence(demo: "privacy_centre", ip: plan.person.ip, userAgent: plan.person.userAgent)
            for choice in plan.choices {
                _ = try await consentActions.set(
                    person: plan.person.id, purpose: choice.purpose, state: choice.state, source: .explicit, evidence: evidence.map,
                    actor: "person:\(plan.person.id)", requestId: "demo")
            }
            return true
        }
        for plan in planned {
            for choice in plan.choices { state.consents["\(choice.purpose) \(choice.state)", default: 0] += 1 }
        }
        state.consents["gpc"] = state.people.filter(\.gpc).count
    }
}
