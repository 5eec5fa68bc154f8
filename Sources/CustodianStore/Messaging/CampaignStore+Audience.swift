import CustodianCore
import Foundation

extension CampaignStore {
    /// The people a campaign reaches and the report of those it leaves out.
    struct DrawnAudience: Sendable {
        var people: [String]
        var report: CampaignReport
        /// The categories opened to narrow the audience, and for how many people (audited).
        var openedCategories: [String] = []
        var openedPeople = 0
    }

    /// Everything the audience rules need, read in one snapshot: every person, the ledger records
    /// of the campaign's purposes, who accepted the current policy, who has an address.
    private struct Facts: Sendable {
        var people: [String]
        var records: [String: [ConsentRecord]]
        var accepted: Set<String>
        var withEmail: Set<String>
    }

    /// Draws the audience in bulk: a few queries for all people at once instead of one consent
    /// snapshot per person, so 100k people take seconds, not minutes. The decisions are the
    /// purpose gate's own, on the same fold of the ledger (``ConsentLedger``) the gate uses
    /// everywhere else.
    func drawAudience(rules: AudienceRules, fieldCategories: [String: String]) async throws -> DrawnAudience {
        let policy = rules.gate.compiled.policy
        let facts = try await readFacts(purposes: rules.purposes, version: rules.gate.compiled.version)
        let defaults = ConsentLedger.currentStates(records: [], policy: policy)
        var counts: [AudienceExclusion: Int] = [:]
        var reached: [(person: String, consent: [String: EffectiveConsent])] = []
        reached.reserveCapacity(facts.people.count)
        for person in facts.people {
            let consent = facts.records[person].map { ConsentLedger.currentStates(records: $0, policy: policy) } ?? defaults
            let candidate = AudienceRules.Candidate(
                consent: consent, acceptedCurrentPolicy: facts.accepted.contains(person), hasEmail: facts.withEmail.contains(person))
            if let exclusion = rules.exclusion(for: candidate) {
                counts[exclusion, default: 0] += 1
            } else {
                reached.append((person, consent))
            }
        }
        var people = reached.map(\.person)
        var opened: [String] = []
        if !rules.attributes.isEmpty {
            opened = Array(Set(rules.attributes.keys.compactMap { fieldCategories[$0] })).sorted()
            people = try await narrow(reached, rules: rules, categories: opened, counts: &counts)
        }
        let excluded = counts.sorted { $0.key < $1.key }.map { CampaignReport.Excluded(reason: $0.key.reason, purpose: $0.key.purpose, count: $0.value) }
        return DrawnAudience(
            people: people, report: CampaignReport(considered: facts.people.count, queued: people.count, excluded: excluded),
            openedCategories: opened, openedPeople: opened.isEmpty ? 0 : reached.count)
    }

    /// Keeps the people whose profile matches the campaign's attributes, opening only those
    /// fields, each person's with an access the gate minted for the campaign's purpose.
    private func narrow(
        _ reached: [(person: String, consent: [String: EffectiveConsent])], rules: AudienceRules, categories: [String],
        counts: inout [AudienceExclusion: Int]
    ) async throws -> [String] {
        var accesses: [Access] = []
        for (person, consent) in reached {
            switch rules.gate.authorize(subject: person, consent: consent, purpose: rules.purposes[0], categories: categories, signals: .none, hasAccount: true) {
            case .success(let access): accesses.append(access)
            case .failure(let decision): counts[AudienceExclusion(reason: decision.reason.code.rawValue, purpose: rules.purposes[0]), default: 0] += 1
            }
        }
        let values = try await people.attributes(ofEach: accesses, fields: Set(rules.attributes.keys))
        var kept: [String] = []
        for access in accesses {
            if rules.matches(values[access.subject] ?? [:]) {
                kept.append(access.subject)
            } else {
                counts[.attributesNotMatching, default: 0] += 1
            }
        }
        return kept
    }

    private func readFacts(purposes: [String], version: String) async throws -> Facts {
        try await database.read { db in
            let people = try await db.query(SQL("SELECT id FROM people WHERE status = 'active' ORDER BY id")).map { try $0.text("id") }
            let marks = Array(repeating: "?", count: purposes.count).joined(separator: ", ")
            let rows = try await db.query(SQL(
                "SELECT person_id, purpose, kind, source, policy_version, recorded_at FROM consent_ledger WHERE purpose IN (\(marks)) ORDER BY id",
                purposes.map { .text($0) }))
            var records: [String: [ConsentRecord]] = [:]
            for row in rows {
                guard let kind = ConsentEventKind(rawValue: try row.text("kind")), let source = ConsentSource(rawValue: try row.text("source")) else {
                    throw StoreError.corrupt("a consent ledger row has an unknown kind or source")
                }
                let person = try row.text("person_id")
                records[person, default: []].append(ConsentRecord(
                    personId: person, purpose: try row.text("purpose"), kind: kind, source: source, policyVersion: try row.text("policy_version"),
                    recordedAt: Date(timeIntervalSince1970: Double(try row.int("recorded_at")) / 1000), evidence: [:]))
            }
            let accepted = Set(try await db.query(SQL("SELECT person_id FROM policy_acceptances WHERE policy_version = ?", [.text(version)]))
                .map { try $0.text("person_id") })
            let withEmail = Set(try await db.query(SQL("SELECT person_id FROM person_attributes WHERE field = 'email'")).map { try $0.text("person_id") })
            return Facts(people: people, records: records, accepted: accepted, withEmail: withEmail)
        }
    }
}
