import Foundation
import Testing

@testable import CustodianCore

@Suite("Consent ledger")
struct ConsentLedgerTests {
    let policy = TestPolicies.defaultPolicy

    func record(
        _ purpose: String, _ kind: ConsentEventKind, _ source: ConsentSource, at seconds: TimeInterval,
        person: String = "p1"
    ) -> ConsentRecord {
        ConsentRecord(
            personId: person, purpose: purpose, kind: kind, source: source, policyVersion: "v1",
            recordedAt: TestPolicies.time(seconds), evidence: ["channel": "test"])
    }

    @Test func newPersonGetsThePolicyDefaults() throws {
        let states = ConsentLedger.currentStates(records: [], policy: policy)
        #expect(states.count == policy.purposes.count)
        #expect(states["essential.service"]?.state == .granted)
        #expect(states["essential.service"]?.source == .byUse)
        #expect(states["marketing.communications.email"]?.state == .granted)
        #expect(states["marketing.communications.email"]?.source == .default)
        #expect(states["third_party_sharing"]?.state == .denied)
    }

    @Test func latestExplicitChoiceWins() {
        let states = ConsentLedger.currentStates(
            records: [
                record("third_party_sharing", .granted, .explicit, at: 10),
                record("third_party_sharing", .withdrawn, .explicit, at: 20),
            ], policy: policy)
        #expect(states["third_party_sharing"]?.state == .denied)
        #expect(states["third_party_sharing"]?.lastEvent == .withdrawn)
        #expect(states["third_party_sharing"]?.recordedAt == TestPolicies.time(20))
    }

    @Test func recordsAreFoldedInTimeOrderNotInputOrder() {
        let states = ConsentLedger.currentStates(
            records: [
                record("marketing.communications.email", .granted, .explicit, at: 30),
                record("marketing.communications.email", .denied, .explicit, at: 10),
            ], policy: policy)
        #expect(states["marketing.communications.email"]?.state == .granted)
    }

    @Test func gpcDeniesSharingAndTargetedMarketing() {
        let states = ConsentLedger.currentStates(
            records: [
                record("third_party_sharing", .granted, .explicit, at: 10),
                record("third_party_sharing", .denied, .gpc, at: 20),
                record("marketing.advertising.first_party", .denied, .gpc, at: 20),
            ], policy: policy)
        #expect(states["third_party_sharing"]?.state == .denied)
        #expect(states["third_party_sharing"]?.source == .gpc)
        #expect(states["marketing.advertising.first_party"]?.state == .denied)
    }

    @Test func gpcIsIgnoredForPurposesThePolicyDoesNotMark() {
        let states = ConsentLedger.currentStates(
            records: [record("marketing.communications.email", .denied, .gpc, at: 10)], policy: policy)
        #expect(states["marketing.communications.email"]?.state == .granted)
    }

    @Test func signalsCannotGrant() {
        let states = ConsentLedger.currentStates(
            records: [record("third_party_sharing", .granted, .dnt, at: 10)], policy: policy)
        #expect(states["third_party_sharing"]?.state == .denied)
        #expect(states["third_party_sharing"]?.source == .default)
    }

    @Test func explicitChoiceAfterGPCWinsAndIsFlaggedAsConflictResolution() {
        let states = ConsentLedger.currentStates(
            records: [
                record("third_party_sharing", .denied, .gpc, at: 10),
                record("third_party_sharing", .granted, .explicit, at: 20),
            ], policy: policy)
        let sharing = states["third_party_sharing"]
        #expect(sharing?.state == .granted)
        #expect(sharing?.isConflictResolution == true)
        #expect(sharing?.overrodeSignal == .gpc)
    }

    @Test func repeatedSignalDoesNotUndoTheResolvedConflict() {
        let states = ConsentLedger.currentStates(
            records: [
                record("third_party_sharing", .denied, .gpc, at: 10),
                record("third_party_sharing", .granted, .explicit, at: 20),
                record("third_party_sharing", .denied, .gpc, at: 30),
            ], policy: policy)
        #expect(states["third_party_sharing"]?.state == .granted)
    }

    @Test func signalAfterAnUncontestedExplicitGrantDenies() {
        let states = ConsentLedger.currentStates(
            records: [
                record("third_party_sharing", .granted, .explicit, at: 10),
                record("third_party_sharing", .denied, .dnt, at: 20),
            ], policy: policy)
        #expect(states["third_party_sharing"]?.state == .denied)
        #expect(states["third_party_sharing"]?.source == .dnt)
    }

    @Test func byUsePurposesCannotBeDeniedWhileTheAccountExists() {
        let states = ConsentLedger.currentStates(
            records: [record("essential.fraud_detection", .denied, .explicit, at: 10)], policy: policy)
        #expect(states["essential.fraud_detection"]?.state == .granted)
    }

    @Test func recordsForPurposesNoLongerInThePolicyAreIgnored() {
        let states = ConsentLedger.currentStates(
            records: [record("sales", .granted, .explicit, at: 10)], policy: policy)
        #expect(states["sales"] == nil)
    }

    @Test func recordsAreGroupedPerPerson() {
        let byPerson = ConsentLedger.currentStatesByPerson(
            records: [
                record("third_party_sharing", .granted, .explicit, at: 10, person: "a"),
                record("third_party_sharing", .denied, .explicit, at: 10, person: "b"),
            ], policy: policy)
        #expect(byPerson["a"]?["third_party_sharing"]?.state == .granted)
        #expect(byPerson["b"]?["third_party_sharing"]?.state == .denied)
    }
}
