import Benchmark
import CustodianCore
import CustodianStore
import Foundation

// Queuing a campaign of 100k recipients (issue 6: "< 5 s"): the audience drawn by the purpose
// gate's rules over every person's consent, acceptance and address, and one outbox row per
// recipient, in one transaction. The fixture writes 100k people directly (a realistic mix: 10%
// opted out of email promotions, 2% without an address, 3% who have not accepted the policy),
// because creating them one by one through the vault would take far longer than the benchmark.
// Wall clock per queued campaign is the figure.

func campaignBenchmarks(engines: [Engine]) {
    for engine in engines {
        let name = "Campaign queue, 100k people (\(engine.name))"
        Benchmark(name, configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
            let store = Fixtures.store(name)
            let repositories = store.repositories
            let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
            let gate = PurposeGate(policy: policy)
            let purpose = "marketing.communications.email"
            let campaign = Campaign(
                name: "Bench", kind: .promotion, channel: "email", purpose: purpose, partner: nil, subject: "Hello {{name}}", text: "Hi {{name}}",
                html: nil, attributes: [:], createdBy: "bench", createdAt: 1_780_000_000_000)
            try await repositories.campaigns.create(campaign, actor: "bench")
            let rules = AudienceRules(purposes: [purpose], categories: [purpose: ["user.contact.email", "user.name"]], gate: gate)
            benchmark.startMeasurement()
            let report = try await repositories.campaigns.queue(campaign.id, rules: rules, fieldCategories: [:], actor: "bench")
            benchmark.stopMeasurement()
            precondition(report.considered == CampaignFixture.people && report.queued == CampaignFixture.expectedQueued, "unexpected report \(report)")
        } setup: {
            try await Fixtures.open(name, engine: engine)
            try await CampaignFixture.fill(Fixtures.store(name))
        } teardown: {
            try await Fixtures.close(name)
        }
    }
}

enum CampaignFixture {
    static let people = 100_000
    /// Every tenth opted out, every fiftieth without an address, every 33rd without acceptance
    /// (counted once each, in the audience rules' order).
    static var expectedQueued: Int {
        (0..<people).filter { !($0 % 33 == 0) && !($0 % 10 == 0) && !($0 % 50 == 0) }.count
    }

    static func fill(_ store: CustodianStore) async throws {
        let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
        let version = try await store.repositories.policyVersions.record(policy, yaml: DefaultPolicy.yaml).version.version
        let at: Int64 = 1_780_000_000_000
        let sealed = SQLValue.blob([UInt8](repeating: 0xAB, count: 48))
        var start = 0
        while start < people {
            let range = start..<min(people, start + 10_000)
            start = range.upperBound
            let ids = range.map { String(format: "00000000-0000-4000-8000-%012d", $0) }
            try await store.database.write { tx in
                try await tx.executeMany(
                    "INSERT INTO people (id, status, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    ids.map { [.text($0), .text("active"), .integer(at), .integer(at)] })
                try await tx.executeMany(
                    "INSERT INTO person_attributes (person_id, field, category, source, value, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    zip(range, ids).filter { $0.0 % 50 != 0 }.map { [.text($0.1), .text("email"), .text("user.contact.email"), .text("provided"), sealed, .integer(at)] })
                try await tx.executeMany(
                    "INSERT INTO policy_acceptances (person_id, policy_version, accepted_at, channel, evidence) VALUES (?, ?, ?, ?, ?)",
                    zip(range, ids).filter { $0.0 % 33 != 0 }.map { [.text($0.1), .text(version), .integer(at), .text("registration"), .text("{}")] })
                try await tx.executeMany(
                    "INSERT INTO consent_ledger (person_id, purpose, kind, source, policy_version, evidence, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    zip(range, ids).filter { $0.0 % 10 == 0 }.map {
                        [.text($0.1), .text("marketing.communications.email"), .text("denied"), .text("explicit"), .text(version), .text("{}"), .integer(at)]
                    })
            }
        }
    }
}
