import Crypto
import Foundation
import Testing

@testable import CustodianCore

@Suite("Partner rules")
struct PartnerRulesTests {
    static let compiled = CompiledPolicy(TestPolicies.defaultPolicy)

    func problems(_ grant: PartnerGrant, categoriesGiven: Bool = true) -> [String] {
        PartnerRules.problems(grant, categoriesGiven: categoriesGiven, compiled: Self.compiled).map { "\($0.field):\($0.code)" }
    }

    @Test func aPartnerRegisteredForSharingIsGivenWhatSharingReadsAndThePartnerMayReceive() {
        let grant = PartnerGrant(recipient: "partners", purposes: ["third_party_sharing"], categories: ["user.contact.email"])
        #expect(problems(grant).isEmpty)
        #expect(PartnerRules.shareable(grant: grant, purpose: "third_party_sharing", compiled: Self.compiled) == ["user.contact.email"])
        let all = PartnerRules.resolvedCategories(grant, compiled: Self.compiled)
        #expect(all.categories == ["user.contact.email", "user.contact.phone_number", "user.name"])
    }

    @Test func purposesThatDoNotNameTheRecipientAreRefused() {
        let grant = PartnerGrant(recipient: "partners", purposes: ["marketing.communications.email", "no.such", "third_party_sharing", "third_party_sharing"])
        #expect(problems(grant, categoriesGiven: false) == ["purposes[0]:not_for_recipient", "purposes[1]:unknown_purpose", "purposes[3]:duplicate"])
    }

    @Test func categoriesBeyondWhatThePurposesAllowAreRefused() {
        let grant = PartnerGrant(recipient: "partners", purposes: ["third_party_sharing"], categories: ["user.demographic.gender", "user.nope"])
        #expect(problems(grant) == ["categories[0]:not_allowed", "categories[1]:unknown_category"])
        #expect(problems(PartnerGrant(recipient: "partners", categories: ["user.name"])) == ["categories[0]:not_allowed"])
    }

    @Test func sourceCategoriesMustBeListedUnderTheRecipientsSends() {
        #expect(problems(PartnerGrant(recipient: "partners", sourceCategories: ["user.behavior", "user.name"])).isEmpty)
        #expect(problems(PartnerGrant(recipient: "partners", sourceCategories: ["user.contact.email"])) == ["sourceCategories[0]:not_a_source"])
        #expect(problems(PartnerGrant(recipient: "related_parties", sourceCategories: ["user.contact.email"])).isEmpty)
    }

    @Test func unknownRecipientsAndProcessorsCannotBeRegistered() {
        #expect(problems(PartnerGrant(recipient: "friends")) == ["recipient:unknown_recipient"])
        var policy = TestPolicies.defaultPolicy
        policy.recipients.append(Recipient(key: "hosting", kind: .processor, label: "Hosting", description: "Runs our servers."))
        let found = PartnerRules.problems(PartnerGrant(recipient: "hosting"), categoriesGiven: false, compiled: CompiledPolicy(policy))
        #expect(found.map(\.code) == ["not_a_partner"])
    }

    @Test func inboundWithConsentBasisNeedsTheOptIn() {
        let gate = PurposeGate(compiled: Self.compiled)
        let grant = PartnerGrant(recipient: "partners", sourceCategories: ["user.behavior"])
        let none = PartnerRules.decide(categories: ["user.behavior"], grant: grant, gate: gate, consent: [:], acceptedCurrentPolicy: true)
        #expect(none == .basisNotMet(category: "user.behavior", reason: InboundRefusal(
            code: "consent_missing", message: DecisionReason(.consentMissing).message, purpose: "personalize.content.profiling")))
        let granted = ["personalize.content.profiling": EffectiveConsent(purpose: "personalize.content.profiling", state: .granted, source: .explicit)]
        guard case .accepted(let relied) = PartnerRules.decide(
            categories: ["user.behavior"], grant: grant, gate: gate, consent: granted, acceptedCurrentPolicy: false)
        else { Issue.record("consent should be enough"); return }
        #expect(relied["user.behavior"]?.basis == .consent)
    }

    @Test func inboundWithAgreementBasisNeedsTheCurrentPolicyAccepted() {
        let gate = PurposeGate(compiled: Self.compiled)
        let grant = PartnerGrant(recipient: "related_parties", sourceCategories: ["user.contact.email"])
        let refused = PartnerRules.decide(categories: ["user.contact.email"], grant: grant, gate: gate, consent: [:], acceptedCurrentPolicy: false)
        guard case .basisNotMet(_, let reason) = refused else { Issue.record("expected a refusal"); return }
        #expect(reason.code == "agreement_missing")
        guard case .accepted = PartnerRules.decide(categories: ["user.contact.email"], grant: grant, gate: gate, consent: [:], acceptedCurrentPolicy: true)
        else { Issue.record("agreement should be enough"); return }
    }

    @Test func aCategoryTheRegistrationOrPolicyDoesNotListIsNotASourceWhateverThePerson() {
        let gate = PurposeGate(compiled: Self.compiled)
        let grant = PartnerGrant(recipient: "partners", sourceCategories: ["user.behavior"])
        #expect(PartnerRules.decide(categories: ["user.behavior", "user.name"], grant: grant, gate: gate, consent: [:], acceptedCurrentPolicy: true)
            == .notASource(category: "user.name"))
        let wider = PartnerGrant(recipient: "partners", sourceCategories: ["user.behavior", "user.demographic.gender"])
        #expect(PartnerRules.firstNonSource(["user.demographic.gender"], grant: wider, policy: TestPolicies.defaultPolicy) == "user.demographic.gender")
    }

    @Test func lawBasisHoldsWithoutThePerson() throws {
        var policy = TestPolicies.defaultPolicy
        let index = try #require(policy.recipients.firstIndex { $0.key == "related_parties" })
        policy.recipients[index].sends = [RecipientSource(categories: ["user.behavior"], basis: .law, reference: "Payment Services Act § 7")]
        let gate = PurposeGate(policy: policy)
        let grant = PartnerGrant(recipient: "related_parties", sourceCategories: ["user.behavior"])
        guard case .accepted(let relied) = PartnerRules.decide(categories: ["user.behavior"], grant: grant, gate: gate, consent: [:], acceptedCurrentPolicy: false)
        else { Issue.record("law should hold"); return }
        #expect(relied["user.behavior"]?.reference == "Payment Services Act § 7")
    }
}

@Suite("Partner references")
struct PartnerReferenceTests {
    @Test func referencesAreStablePerPartnerAndDifferAcrossPartners() {
        let key = SymmetricKey(data: [UInt8](repeating: 3, count: 32))
        let a = PartnerReference.derive(partner: "p1", person: "ada", key: key)
        #expect(a == PartnerReference.derive(partner: "p1", person: "ada", key: key))
        #expect(a != PartnerReference.derive(partner: "p2", person: "ada", key: key))
        #expect(a != PartnerReference.derive(partner: "p1", person: "bob", key: key))
        #expect(a != PartnerReference.derive(partner: "p1", person: "ada", key: SymmetricKey(data: [UInt8](repeating: 4, count: 32))))
        #expect(PartnerReference.isWellFormed(a))
        #expect(a.count == 25 && a.hasPrefix("pr_"))
    }

    @Test(arguments: ["", "pr_", "pr_abc", "xx_AAAAAAAAAAAAAAAAAAAAAA", "pr_AAAAAAAAAAAAAAAAAAAAA=", "pr_AAAAAAAAAAAAAAAAAAAAAAA", "pr_AAAAAAAAAAAAAAAAAAAA/A"])
    func malformedReferencesAreRecognised(text: String) {
        #expect(!PartnerReference.isWellFormed(text))
    }
}

@Suite("Webhook signatures and backoff")
struct WebhookSignatureTests {
    func failure(_ result: Result<Void, WebhookSignature.Failure>) -> WebhookSignature.Failure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    @Test func aSignatureVerifiesAndAnyChangeBreaksIt() {
        let body = Array(#"{"id":"evt_1","type":"person.erased"}"#.utf8)
        let header = WebhookSignature.value(secrets: ["whsec_abc"], timestamp: 1_767_225_600, body: body)
        #expect(header.hasPrefix("t=1767225600,v1="))
        #expect(failure(WebhookSignature.verify(header, body: body, secret: "whsec_abc", now: 1_767_225_700)) == nil)
        #expect(failure(WebhookSignature.verify(header, body: body + [32], secret: "whsec_abc", now: 1_767_225_700)) == .mismatch)
        #expect(failure(WebhookSignature.verify(header, body: body, secret: "whsec_abd", now: 1_767_225_700)) == .mismatch)
        #expect(failure(WebhookSignature.verify(header, body: body, secret: "whsec_abc", now: 1_767_226_000)) == .stale)
        #expect(failure(WebhookSignature.verify("v1=00", body: body, secret: "whsec_abc", now: 0)) == .malformed)
        let moved = header.replacingOccurrences(of: "t=1767225600", with: "t=1767225601")
        #expect(failure(WebhookSignature.verify(moved, body: body, secret: "whsec_abc", now: 1_767_225_700)) == .mismatch)
    }

    @Test func theMACIsHMACSHA256OverTimestampDotBody() {
        let body = Array("hello".utf8)
        let expected = HMAC<SHA256>.authenticationCode(for: Array("42.hello".utf8), using: SymmetricKey(data: Array("s3cret".utf8)))
        #expect(WebhookSignature.mac(secret: "s3cret", timestamp: 42, body: body) == Hex.encode(Array(expected)))
    }

    @Test func backoffDoublesUpToTheCapWithJitterAndStops() {
        let backoff = WebhookBackoff(baseMillis: 1_000, capMillis: 5_000, maxAttempts: 5)
        #expect(backoff.delay(afterAttempts: 1, unit: 1) == 1_000)
        #expect(backoff.delay(afterAttempts: 1, unit: 0) == 500)
        #expect(backoff.delay(afterAttempts: 2, unit: 1) == 2_000)
        #expect(backoff.delay(afterAttempts: 3, unit: 1) == 4_000)
        #expect(backoff.delay(afterAttempts: 4, unit: 1) == 5_000)
        #expect(backoff.delay(afterAttempts: 4, unit: 0) == 2_500)
        #expect(backoff.delay(afterAttempts: 5, unit: 1) == nil)
        #expect(WebhookBackoff(baseMillis: 1_000, capMillis: 3_600_000, maxAttempts: 100).delay(afterAttempts: 90, unit: 1) == 3_600_000)
    }
}
