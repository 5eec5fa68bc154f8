import Crypto
import Foundation
import Testing

@testable import CustodianCore

@Suite("Unsubscribe tokens, one-time codes and audiences")
struct TokenAndAudienceTests {
    static let codec = UnsubscribeTokenCodec(secret: SymmetricKey(data: [UInt8](repeating: 3, count: 32)))
    static let token = UnsubscribeToken(person: "5f0c8a52-7c1e-4b7e-9d43-5b7b3a3e9c11", purpose: "marketing.communications.email", campaign: "c-1", issuedAt: 1_796_000_000_000)

    @Test func aTokenOpensToWhatItWasMadeFromAndShowsNothingOfIt() throws {
        let text = Self.codec.seal(Self.token)
        #expect(Self.codec.open(text) == Self.token)
        #expect(text.hasPrefix("u1.") && text.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) })
        #expect(!text.contains("5f0c8a52") && !text.contains("marketing"))
        #expect(Self.codec.seal(Self.token) != text, "a fresh nonce each time: links cannot be matched up")
        var noCampaign = Self.token
        noCampaign.campaign = nil
        #expect(Self.codec.open(Self.codec.seal(noCampaign)) == noCampaign)
    }

    @Test func aChangedOrForeignTokenDoesNotOpen() {
        let text = Self.codec.seal(Self.token)
        var bytes = Array(text.utf8)
        for index in [3, bytes.count / 2, bytes.count - 1] {
            var changed = bytes
            changed[index] = changed[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(Self.codec.open(String(decoding: changed, as: UTF8.self)) == nil)
        }
        bytes.removeLast(4)
        #expect(Self.codec.open(String(decoding: bytes, as: UTF8.self)) == nil)
        let other = UnsubscribeTokenCodec(secret: SymmetricKey(data: [UInt8](repeating: 4, count: 32)))
        #expect(other.open(text) == nil)
        for junk in ["", "u1.", "u1.!!!", "v2." + text.dropFirst(3), String(repeating: "u", count: 5_000)] {
            #expect(Self.codec.open(String(junk)) == nil)
        }
    }

    @Test func codesAreSixDigitsAndMatchOnlyTheirChallenge() {
        let codes = OneTimeCode(secret: SymmetricKey(data: [UInt8](repeating: 5, count: 32)))
        let code = OneTimeCode.generate()
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        let stored = codes.digest(code, challenge: "ch-1")
        #expect(codes.matches(code, challenge: "ch-1", stored: stored))
        #expect(codes.matches(String(code.prefix(3)) + " " + code.dropFirst(3), challenge: "ch-1", stored: stored), "spaces typed are ignored")
        #expect(!codes.matches(code, challenge: "ch-2", stored: stored))
        #expect(!codes.matches("12345", challenge: "ch-1", stored: stored) && !codes.matches("١٢٣٤٥٦", challenge: "ch-1", stored: stored))
        #expect(Set((0..<200).map { _ in OneTimeCode.generate() }).count > 190)
    }

    @Test func theAudienceFollowsTheGateAndCountsTheFirstReasonOnly() {
        let gate = PurposeGate(policy: TestPolicies.defaultPolicy)
        let rules = AudienceRules(
            purposes: ["third_party_sharing", "marketing.communications.email"],
            categories: ["third_party_sharing": ["user.contact.email"]], gate: gate)
        let defaults = ConsentLedger.currentStates(records: [], policy: TestPolicies.defaultPolicy)
        func consent(_ records: [(String, ConsentEventKind, ConsentSource)]) -> [String: EffectiveConsent] {
            ConsentLedger.currentStates(
                records: records.enumerated().map { index, record in
                    ConsentRecord(personId: "p", purpose: record.0, kind: record.1, source: record.2, policyVersion: "v", recordedAt: Date(timeIntervalSince1970: Double(index)))
                }, policy: TestPolicies.defaultPolicy)
        }
        let granted = consent([("third_party_sharing", .granted, .explicit)])
        #expect(rules.exclusion(for: .init(consent: defaults, acceptedCurrentPolicy: true, hasEmail: true)) == AudienceExclusion(reason: "consent_missing", purpose: "third_party_sharing"))
        #expect(rules.exclusion(for: .init(consent: granted, acceptedCurrentPolicy: true, hasEmail: true)) == nil)
        #expect(rules.exclusion(for: .init(consent: granted, acceptedCurrentPolicy: false, hasEmail: true)) == .policyNotAccepted)
        #expect(rules.exclusion(for: .init(consent: granted, acceptedCurrentPolicy: true, hasEmail: false)) == .noEmail)
        let signalled = consent([("third_party_sharing", .granted, .explicit), ("third_party_sharing", .denied, .gpc)])
        #expect(rules.exclusion(for: .init(consent: signalled, acceptedCurrentPolicy: true, hasEmail: true))?.reason == "gpc_opt_out")
        let unsubscribed = consent([("third_party_sharing", .granted, .explicit), ("marketing.communications.email", .denied, .explicit)])
        #expect(rules.exclusion(for: .init(consent: unsubscribed, acceptedCurrentPolicy: true, hasEmail: true)) == AudienceExclusion(reason: "opted_out", purpose: "marketing.communications.email"))
        let narrowed = AudienceRules(purposes: ["marketing.communications.email"], categories: [:], gate: gate, attributes: ["gender": ["female"]])
        #expect(narrowed.matches(["gender": "female"]) && !narrowed.matches(["gender": "male"]) && !narrowed.matches([:]))
    }
}
