import Benchmark
import CustodianCore
import CustodianStore
import Foundation
import Synchronization

// People's rights (issue 8): "export of a person with 10k events < 50 ms; erasure < 20 ms before
// propagation". The export is `PersonExporter.export` — every table with a `person_id`, every
// sealed IP address and device ID opened, the audit entry written — for one person with a
// registration profile, a few consent choices and 10,000 collected events (each with a sealed IP
// and device ID, as the SDKs send them). The erasure is `PersonVault.erase` — the data key
// destroyed, every row deleted, the audit entry written — for people with the same profile and
// 1,000 events each (and, as a second figure, 10,000), one person per iteration. Propagation to
// partners (webhooks) happens afterwards, from the outbox, and is not in the figure.

func rightsBenchmarks(engines: [Engine]) {
    for engine in engines {
        let exportName = "Export, one person with 10k events (\(engine.name))"
        let person = Mutex<String>("")
        Benchmark(exportName, configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 50)) { benchmark in
            let store = Fixtures.store(exportName)
            let id = person.withLock { $0 }
            let gate = PurposeGate(policy: try PolicyLoader.load(yaml: DefaultPolicy.yaml))
            benchmark.startMeasurement()
            let export = try await store.repositories.exporter.export(of: id, access: gate.subjectAccess(subject: id), actor: "person:\(id)")
            benchmark.stopMeasurement()
            precondition(export.table("events")?.rows.count == 10_000, "the export lost events")
        } setup: {
            try await Fixtures.open(exportName, engine: engine)
            let id = try await RightsFixture.person(in: Fixtures.store(exportName), events: 10_000, tag: 0)
            person.withLock { $0 = id }
        } teardown: {
            try await Fixtures.close(exportName)
        }

        for events in [1_000, 10_000] {
            let eraseName = "Erasure before propagation, one person with \(events / 1_000)k events (\(engine.name))"
            let people = Mutex<[String]>([])
            let iterations = events == 1_000 ? 20 : 8
            Benchmark(eraseName, configuration: .init(metrics: [.wallClock, .cpuTotal], maxDuration: .seconds(30), maxIterations: iterations)) { benchmark in
                let store = Fixtures.store(eraseName)
                guard let id = people.withLock({ $0.popLast() }) else { fatalError("more iterations than prepared people") }
                benchmark.startMeasurement()
                let erased = try await store.repositories.people.erase(id, actor: "person:\(id)")
                benchmark.stopMeasurement()
                precondition(erased, "nobody erased")
            } setup: {
                try await Fixtures.open(eraseName, engine: engine)
                let store = Fixtures.store(eraseName)
                var made: [String] = []
                // One spare: package-benchmark may run a warm-up iteration.
                for tag in 0...iterations { made.append(try await RightsFixture.person(in: store, events: events, tag: tag)) }
                people.withLock { $0 = made }
            } teardown: {
                try await Fixtures.close(eraseName)
            }
        }
    }
}

enum RightsFixture {
    static let enricher = EventEnricher(geo: nil)

    /// A registered person with a profile, three consent choices and `events` collected events.
    static func person(in store: CustodianStore, events: Int, tag: Int) async throws -> String {
        let repositories = store.repositories
        let id = try await repositories.people.create(
            attributes: Fixtures.attributes(tag) + [PersonAttribute(field: "phone", category: "user.contact.phone_number", source: "provided", value: "+4420794609\(tag % 100)")],
            lookups: [LookupKey(kind: "email", value: "person\(tag)@example.org")], actor: "bench")
        let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
        // Consent records name the policy version they were given under (known once recorded).
        _ = try await repositories.policyVersions.record(policy, yaml: DefaultPolicy.yaml)
        let consent = ConsentService(policy: CompiledPolicy(policy), repositories: repositories)
        for purpose in ["marketing.communications.email", "personalize.content.profiled", "third_party_sharing"] {
            _ = try await consent.record(person: id, purpose: purpose, state: .denied, source: .explicit, evidence: [:], actor: "bench", requestId: "bench")
        }
        let start: Int64 = 1_780_000_000_000
        var written = 0
        while written < events {
            let batch = (written..<min(events, written + 1_000)).map { n in
                EventRecord(source: "web", personId: id, event: event("p\(tag)-e\(n)", person: tag, at: start + Int64(n) * 60_000))
            }
            try await repositories.events.append(batch)
            written += batch.count
        }
        return id
    }

    static func event(_ id: String, person: Int, at: Int64) -> EnrichedEvent {
        var incoming = IncomingEvent(type: .page, messageId: id, anonymousId: "anon-\(person)", name: "Article")
        incoming.context.pageURL = "https://news.example/articles/\(id)"
        incoming.context.deviceId = "device-\(person)"
        let facts = RequestFacts(
            clientIP: "198.51.100.\(person % 250)", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            acceptLanguage: "en-GB", signals: .none, receivedAt: at)
        return enricher.enrich(incoming, facts: facts, fields: .all)
    }
}
