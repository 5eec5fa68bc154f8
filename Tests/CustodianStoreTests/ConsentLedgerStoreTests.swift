import CustodianCore
import CustodianStore
import Foundation
import Testing

@Suite("Consent ledger, gate service and acceptances in the store")
struct ConsentLedgerStoreTests {
    /// A store with the default policy recorded, a service over it and one person.
    static func withService(
        _ engine: Issue3Engine, _ body: @Sendable (CustodianStore, ConsentService, String) async throws -> Void
    ) async throws {
        try await Issue3Stores.withStore(engine) { store in
            let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
            _ = try await store.repositories.policyVersions.record(policy, yaml: DefaultPolicy.yaml)
            let service = ConsentService(policy: CompiledPolicy(policy), repositories: store.repositories)
            let person = try await Issue3Stores.person(store.repositories)
            try await body(store, service, person)
        }
    }

    @Test("a new person starts from the policy's defaults", arguments: Issue3Engine.available)
    func defaults(engine: Issue3Engine) async throws {
        try await Self.withService(engine) { _, service, person in
            let snapshot = try await service.snapshot(of: person)
            #expect(snapshot.exists)
            #expect(try await service.history(of: person).isEmpty)
            #expect(snapshot.states["essential.service"]?.source == .byUse)
            #expect(snapshot.states["marketing.communications.email"]?.state == .granted)
            #expect(snapshot.states["third_party_sharing"]?.state == .denied)
        }
    }

    @Test("a choice is appended with evidence and changes the next decision", arguments: Issue3Engine.available)
    func choiceChangesDecision(engine: Issue3Engine) async throws {
        try await Self.withService(engine) { store, service, person in
            let before = try await service.decide(
                person: person, purpose: "marketing.communications.email", categories: ["user.contact.email"], signals: .none, actor: "test")
            #expect(before?.allowed == true)
            let change = try await service.record(
                person: person, purpose: "marketing.communications.email", state: .denied, source: .explicit,
                evidence: ["channel": "test", "requestId": "r1"], actor: "test")
            #expect(change.record.kind == .denied)
            #expect(change.state.state == .denied)
            let after = try await service.decide(
                person: person, purpose: "marketing.communications.email", categories: ["user.contact.email"], signals: .none, actor: "test")
            #expect(after?.allowed == false)
            #expect(after?.reason.code == .optedOut)
            let records = try await store.repositories.consentLedger.records(of: person)
            #expect(records.count == 1)
            #expect(records[0].evidence == ["channel": "test", "requestId": "r1"])
            #expect(records[0].policyVersion == service.policyVersion)
        }
    }

    @Test("taking back a grant is recorded as withdrawn", arguments: Issue3Engine.available)
    func withdrawal(engine: Issue3Engine) async throws {
        try await Self.withService(engine) { store, service, person in
            let granted = try await service.record(
                person: person, purpose: "third_party_sharing", state: .granted, source: .explicit, evidence: [:], actor: "test")
            #expect(granted.state.state == .granted)
            let withdrawn = try await service.record(
                person: person, purpose: "third_party_sharing", state: .denied, source: .explicit, evidence: [:], actor: "test")
            #expect(withdrawn.record.kind == .withdrawn)
            let kinds = try await store.repositories.consentLedger.records(of: person).map(\.kind)
            #expect(kinds == [.granted, .withdrawn])
        }
    }

    @Test("by-use purposes, unknown purposes and unknown people are refused", arguments: Issue3Engine.available)
    func refusals(engine: Issue3Engine) async throws {
        try await Self.withService(engine) { _, service, person in
            await #expect(throws: ConsentError.notOptional("essential.service")) {
                try await service.record(person: person, purpose: "essential.service", state: .denied, source: .explicit, evidence: [:], actor: "t")
            }
            await #expect(throws: ConsentError.unknownPurpose("nope")) {
                try await service.record(person: person, purpose: "nope", state: .denied, source: .explicit, evidence: [:], actor: "t")
            }
            await #expect(throws: ConsentError.unknownPerson) {
                try await service.record(person: "no-such-person", purpose: "third_party_sharing", state: .granted, source: .admin, evidence: [:], actor: "t")
            }
            let nobody = try await service.decide(
                person: "no-such-person", purpose: "essential.service", categories: [], signals: .none, actor: "t")
            #expect(nobody == nil)
        }
    }

    @Test("a privacy signal is recorded the first time only", arguments: Issue3Engine.available)
    func signalsOnce(engine: Issue3Engine) async throws {
        try await Self.withService(engine) { store, service, person in
            let first = try await service.observe(PrivacySignals(gpc: true), for: person, evidence: ["requestId": "r1"])
            let signalled = service.policy.purposes.filter { $0.optOutSignals && $0.basis != .byUse }.map(\.key)
            #expect(Set(first.map(\.purpose)) == Set(signalled))
            #expect(first.allSatisfy { $0.source == .gpc && $0.kind == .denied && $0.evidence["signal"] == "Sec-GPC: 1" })
            let second = try await service.observe(PrivacySignals(gpc: true), for: person, evidence: ["requestId": "r2"])
            #expect(second.isEmpty)
            let dnt = try await service.observe(PrivacySignals(dnt: true), for: person, evidence: [:])
            #expect(dnt.count == signalled.count)
            #expect(try await store.repositories.consentLedger.records(of: person).count == 2 * signalled.count)
            let decision = try await service.decide(
                person: person, purpose: "marketing.advertising.first_party", categories: [], signals: .none, actor: "t")
            #expect(decision?.allowed == false)
            #expect(decision?.reason.code == .dntOptOut || decision?.reason.code == .gpcOptOut)
        }
    }

    @Test("denials are audited without personal data", arguments: Issue3Engine.available)
    func denialsAudited(engine: Issue3Engine) async throws {
        try await Self.withService(engine) { store, service, person in
            let decision = try await service.decide(
                person: person, purpose: "third_party_sharing", categories: ["user.contact.email"], signals: .none, actor: "apikey:k1",
                requestId: "req-1")
            #expect(decision?.allowed == false)
            let entries = try await store.repositories.audit.entries()
            let denial = try #require(entries.last { $0.action == "gate.deny" })
            #expect(denial.subject == person)
            #expect(denial.outcome == "denied")
            #expect(denial.purpose == "third_party_sharing")
            #expect(denial.details.contains("consent_missing"))
            #expect(!entries.contains { $0.details.contains("ada@example.com") || $0.details.contains("Ada") })
        }
    }

    @Test("the ledger cannot be edited", arguments: Issue3Engine.available)
    func ledgerIsAppendOnly(engine: Issue3Engine) async throws {
        try await Self.withService(engine) { store, service, person in
            _ = try await service.record(
                person: person, purpose: "collect", state: .granted, source: .explicit, evidence: [:], actor: "t")
            await #expect(throws: (any Error).self) {
                try await store.database.write { tx in try await tx.execute(SQL("UPDATE consent_ledger SET kind = 'denied'")) }
            }
        }
    }

    @Test("an acceptance is recorded once per person and version", arguments: Issue3Engine.available)
    func acceptances(engine: Issue3Engine) async throws {
        try await Self.withService(engine) { store, service, person in
            let acceptances = store.repositories.acceptances
            #expect(try await !acceptances.hasAccepted(person, version: service.policyVersion))
            let acceptance = PolicyAcceptance(
                personId: person, policyVersion: service.policyVersion, acceptedAt: 1_000, channel: "web",
                ipTruncated: "203.0.113.0", userAgentFamily: "Firefox", evidence: ["requestId": "r1"])
            let first = try await acceptances.record(acceptance, actor: "test")
            #expect(first.isNew)
            var later = acceptance
            later.acceptedAt = 2_000
            let second = try await acceptances.record(later, actor: "test")
            #expect(!second.isNew)
            #expect(second.acceptance.acceptedAt == 1_000)
            #expect(try await acceptances.hasAccepted(person, version: service.policyVersion))
            #expect(try await acceptances.list(of: person) == [acceptance])
        }
    }
}

@Suite("Consent cache across processes")
struct ConsentCacheSharingTests {
    @Test(
        "on PostgreSQL another process's write is seen once the cached snapshot expires",
        .enabled(if: TestDatabases.postgresURL != nil, "needs CUSTODIAN_TEST_POSTGRES_URL"))
    func sharedWritesAreSeen() async throws {
        try await Issue3Stores.withStore(.postgres) { store in
            let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
            _ = try await store.repositories.policyVersions.record(policy, yaml: DefaultPolicy.yaml)
            let here = ConsentService(
                policy: CompiledPolicy(policy), repositories: store.repositories, sharedCacheMaxAge: .milliseconds(100))
            // Stands for another server process writing to the same database.
            let elsewhere = ConsentService(policy: CompiledPolicy(policy), repositories: store.repositories)
            let person = try await Issue3Stores.person(store.repositories)
            let purpose = "marketing.communications.email"
            #expect(try await here.snapshot(of: person).states[purpose]?.state == .granted)
            _ = try await elsewhere.record(person: person, purpose: purpose, state: .denied, source: .explicit, evidence: [:], actor: "t")
            try await Task.sleep(for: .milliseconds(150))
            #expect(try await here.snapshot(of: person).states[purpose]?.state == .denied)
        }
    }
}
