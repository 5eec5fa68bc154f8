import Foundation
import Testing

@testable import CustodianCore

@Suite("Purpose gate")
struct PurposeGateTests {
    let gate = PurposeGate(policy: TestPolicies.defaultPolicy)
    let newPerson = ConsentLedger.currentStates(records: [], policy: TestPolicies.defaultPolicy)

    func decide(
        _ purpose: String, _ categories: [String] = [], consent: [String: EffectiveConsent]? = nil,
        signals: PrivacySignals = .none, hasAccount: Bool = true
    ) -> Decision {
        gate.decide(
            consent: consent ?? newPerson, purpose: purpose, categories: categories, signals: signals,
            hasAccount: hasAccount)
    }

    func consent(_ purpose: String, _ state: ConsentState, _ source: ConsentSource, overrode: ConsentSource? = nil)
        -> [String: EffectiveConsent]
    {
        var states = newPerson
        states[purpose] = EffectiveConsent(
            purpose: purpose, state: state, source: source, lastEvent: state == .granted ? .granted : .denied,
            recordedAt: TestPolicies.time(0), policyVersion: "v1", overrodeSignal: overrode)
        return states
    }

    @Test func serviceIsAllowedForANewPerson() {
        let decision = decide("essential.service", ["user.contact.email"])
        #expect(decision.allowed)
        #expect(decision.basis == .byUse)
        #expect(decision.reason.code == .byUse)
    }

    @Test func serviceNeedsAnAccount() {
        let decision = decide("essential.service", hasAccount: false)
        #expect(!decision.allowed)
        #expect(decision.reason.code == .noAccount)
    }

    @Test func marketingIsAllowedForANewPerson() {
        let decision = decide("marketing.communications.email", ["user.contact.email"])
        #expect(decision.allowed)
        #expect(decision.basis == .optOut)
        #expect(decision.reason.code == .notOptedOut)
    }

    @Test func marketingIsDeniedOnceOptedOut() {
        let decision = decide(
            "marketing.communications.email", consent: consent("marketing.communications.email", .denied, .explicit))
        #expect(!decision.allowed)
        #expect(decision.reason.code == .optedOut)
    }

    @Test func partnerSharingIsDeniedUntilOptedIn() {
        #expect(decide("third_party_sharing", ["user.contact.email"]).reason.code == .consentMissing)
        let granted = decide(
            "third_party_sharing", ["user.contact.email"], consent: consent("third_party_sharing", .granted, .explicit))
        #expect(granted.allowed)
        #expect(granted.reason.code == .consentGranted)
    }

    @Test func crossServiceCombinationIsDeniedUntilOptedIn() {
        #expect(!decide("personalize.content.profiling", ["user.behavior.browsing_history"]).allowed)
        let granted = decide(
            "personalize.content.profiling", ["user.behavior.browsing_history"],
            consent: consent("personalize.content.profiling", .granted, .explicit))
        #expect(granted.allowed)
    }

    @Test func missingConsentInformationDeniesOptInPurposes() {
        let decision = decide("collect", consent: [:])
        #expect(!decision.allowed)
        #expect(decision.reason.code == .consentMissing)
    }

    @Test func defaultGrantDoesNotCountAsOptIn() {
        let decision = decide("collect", consent: consent("collect", .granted, .default))
        #expect(!decision.allowed)
        #expect(decision.reason.code == .consentMissing)
    }

    @Test func gpcFlipsSharingAndTargetedMarketingToDenied() {
        let sharingConsent = consent("third_party_sharing", .granted, .explicit)
        let gpc = PrivacySignals(gpc: true)
        #expect(!decide("third_party_sharing", consent: sharingConsent, signals: gpc).allowed)
        let targeted = decide("marketing.advertising.first_party", signals: gpc)
        #expect(!targeted.allowed)
        #expect(targeted.reason.code == .gpcOptOut)
    }

    @Test func gpcLeavesServiceAndNewslettersAlone() {
        let gpc = PrivacySignals(gpc: true)
        #expect(decide("essential.service", signals: gpc).allowed)
        #expect(decide("marketing.communications.email", signals: gpc).allowed)
    }

    @Test func dntOptsOutOfTargetedMarketing() {
        let decision = decide("marketing.advertising.first_party", signals: PrivacySignals(dnt: true))
        #expect(decision.reason.code == .dntOptOut)
    }

    @Test func explicitChoiceAfterSignalWinsOverTheLiveSignal() {
        let resolved = consent("third_party_sharing", .granted, .explicit, overrode: .gpc)
        let decision = decide("third_party_sharing", consent: resolved, signals: PrivacySignals(gpc: true))
        #expect(decision.allowed)
        #expect(decision.reason.code == .explicitChoiceOverSignal)
    }

    @Test func unknownPurposeIsDenied() {
        let decision = decide("sales")
        #expect(!decision.allowed)
        #expect(decision.basis == nil)
        #expect(decision.reason.code == .unknownPurpose)
        #expect(decision.reason.message.hasSuffix(": sales"))
    }

    @Test func categoryThePurposeMayNotReadIsDenied() {
        let decision = decide("marketing.communications.email", ["user.device.ip_address"])
        #expect(!decision.allowed)
        #expect(decision.reason.code == .categoryNotAllowed)
        #expect(decision.reason.detail == "user.device.ip_address")
    }

    @Test func undeclaredCategoryIsDenied() {
        let decision = decide("essential.service", ["user.financial.credit_card"])
        #expect(decision.reason.code == .unknownCategory)
    }

    @Test func parentKeyLetsAPurposeReadEveryDeclaredChild() {
        let granted = consent("collect", .granted, .explicit)
        #expect(decide("collect", ["user.device.ip_address", "user.contact.email"], consent: granted).allowed)
    }

    @Test func authorizeMintsAccessForAllowedDecisions() throws {
        let access = try gate.authorize(
            subject: "p1", consent: newPerson, purpose: "essential.service", categories: ["user.contact.email"],
            signals: .none, hasAccount: true
        ).get()
        #expect(access.subject == "p1")
        #expect(access.permits("user.contact.email", of: "p1"))
        #expect(!access.permits("user.contact.email", of: "p2"))
        #expect(!access.permits("user.name", of: "p1"))
        #expect(access.policyVersion == TestPolicies.defaultPolicy.contentHash)
    }

    @Test func authorizeReturnsTheDenialInsteadOfAccess() {
        let result = gate.authorize(
            subject: "p1", consent: newPerson, purpose: "third_party_sharing", categories: ["user.contact.email"],
            signals: .none, hasAccount: true)
        guard case .failure(let decision) = result else {
            Issue.record("sharing without consent minted an access")
            return
        }
        #expect(decision.reason.code == .consentMissing)
    }

    @Test func gpcHeaderCountsOnlyWhenExactlyOne() {
        #expect(PrivacySignals(secGPC: "1", dnt: nil).gpc)
        #expect(!PrivacySignals(secGPC: "true", dnt: nil).gpc)
        #expect(!PrivacySignals(secGPC: nil, dnt: "0").dnt)
    }

    @Test func ledgerAndGateAgreeForANewPersonWithGPCRecorded() {
        let records = ["third_party_sharing", "marketing.advertising.first_party"].map {
            ConsentRecord(
                personId: "p1", purpose: $0, kind: .denied, source: .gpc, policyVersion: "v1",
                recordedAt: TestPolicies.time(0), evidence: ["header": "Sec-GPC: 1"])
        }
        let states = ConsentLedger.currentStates(records: records, policy: TestPolicies.defaultPolicy)
        #expect(decide("marketing.advertising.first_party", consent: states).reason.code == .gpcOptOut)
        #expect(decide("third_party_sharing", consent: states).reason.code == .gpcOptOut)
        #expect(decide("personalize.content.profiled", consent: states).allowed)
    }
}
