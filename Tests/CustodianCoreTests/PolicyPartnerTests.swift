import Testing

@testable import CustodianCore

/// The policy model's partner and erasure parts: loading, checking, rendering, hashing.
@Suite("Policy: recipients' flows and erasure rules")
struct PolicyPartnerTests {
    func codes(_ policy: Policy, _ severity: PolicyFinding.Severity) -> [String] {
        PolicyChecker.check(policy).filter { $0.severity == severity }.map(\.code)
    }

    @Test func theDefaultPolicyDeclaresWhatPartnersMaySendAndReceiveAndKeepsExclusions() throws {
        let policy = TestPolicies.defaultPolicy
        let partners = try #require(policy.recipient("partners"))
        #expect(partners.receives == ["user.name", "user.contact.email", "user.contact.phone_number"])
        #expect(partners.sends?.first?.basis == .consent)
        #expect(partners.sends?.first?.purpose == "personalize.content.profiling")
        #expect(policy.recipient("related_parties")?.sends?.first?.basis == .agreement)
        #expect(policy.exclusions.allSatisfy { $0.erasure == .keep })
        #expect(!PolicyChecker.check(policy).hasErrors)
    }

    @Test func aPolicyWithoutTheNewKeysKeepsItsContentHash() throws {
        let minimal = try TestPolicies.minimal
        var explicit = minimal
        explicit.recipients = []
        #expect(minimal.contentHash == explicit.contentHash)
        let json = String(decoding: try minimal.canonicalJSON(), as: UTF8.self)
        #expect(!json.contains("receives") && !json.contains("on_erasure"))
        #expect(Exclusion(key: "k", kind: .other, description: "d").erasure == .erase)
    }

    @Test func theLoaderReadsSendsReceivesAndOnErasure() throws {
        let yaml = TestPolicies.minimalYAML.replacingOccurrences(of: "    sources: [provided]\n", with: "    sources: [provided, partner]\n") + """

            recipients:
              - key: shops
                kind: partner
                label: Shops
                description: Shops we work with.
                names: [Shop Ltd]
                receives: [user.contact.email]
                sends:
                  - categories: [user.contact.email]
                    basis: law
                    reference: Consumer Act § 3
            exclusions:
              - key: searches
                kind: search_keywords
                description: Search keywords.
                on_erasure: keep
            """
        let policy = try PolicyLoader.load(yaml: yaml)
        #expect(policy.recipients[0].sends == [RecipientSource(categories: ["user.contact.email"], basis: .law, reference: "Consumer Act § 3")])
        #expect(policy.exclusions[0].onErasure == .keep)
        let roundTrip = try Policy.fromJSON(try policy.canonicalJSON())
        #expect(roundTrip == policy)
        #expect(!codes(policy, .error).contains { $0.hasPrefix("law") })
    }

    @Test func badFlowsAreErrors() throws {
        var policy = TestPolicies.defaultPolicy
        let index = try #require(policy.recipients.firstIndex { $0.key == "partners" })
        policy.recipients[index].receives = ["user.nothing"]
        policy.recipients[index].sends = [
            RecipientSource(categories: ["user.demographic.gender"], basis: .agreement),
            RecipientSource(categories: ["user.behavior"], basis: .consent),
            RecipientSource(categories: ["user.behavior"], basis: .consent, purpose: "essential.service"),
            RecipientSource(categories: ["user.behavior"], basis: .law),
            RecipientSource(categories: ["user.not_declared"], basis: .agreement, purpose: "collect"),
        ]
        let errors = Set(codes(policy, .error))
        #expect(errors.isSuperset(of: [
            "undeclared_category", "source_not_declared", "consent_without_purpose", "law_without_reference", "purpose_without_consent",
        ]))
        #expect(codes(policy, .warning).contains("consent_purpose_cannot_read"), "a basis that never holds is dead, not unsafe")
    }

    @Test func riskyFlowsAndKeptRecordsWarn() throws {
        let warnings = codes(TestPolicies.defaultPolicy, .warning)
        #expect(warnings.contains("excluded_records_kept_after_erasure"))
        #expect(warnings.contains("exclusion_overlaps_declared_category"))
        #expect(warnings.contains("inbound_agreement_reveals_membership"))
        var policy = TestPolicies.defaultPolicy
        let index = try #require(policy.recipients.firstIndex { $0.key == "partners" })
        policy.recipients[index].sends = [RecipientSource(categories: ["user.behavior"], basis: .consent, purpose: "personalize.content.profiled")]
        #expect(codes(policy, .warning).contains("inbound_consent_not_opt_in"))
        let kept = PolicyChecker.check(TestPolicies.defaultPolicy).first {
            $0.code == "excluded_records_kept_after_erasure" && $0.path == "exclusions[1].on_erasure"
        }
        #expect(kept?.message.contains("17(3)") == true)
        #expect(kept?.message.contains("Free text") == true)
    }

    @Test func thePageSaysWhatPartnersGetAndWhatErasureKeeps() {
        let page = PolicyRenderer.markdown(TestPolicies.defaultPolicy)
        #expect(page.contains("We may give them: name, email address, phone number, only for: Sharing with partners (only with your consent)."))
        #expect(page.contains("only with your consent to “Combining information across services”"))
        #expect(page.contains("Kept when you delete your account, with everything that identifies you removed."))
        #expect(PolicyRenderer.html(TestPolicies.defaultPolicy).contains("Kept when you delete your account"))
    }

    @Test func theDiffNamesFlowAndErasureChanges() throws {
        var newer = TestPolicies.defaultPolicy
        newer.exclusions[1].onErasure = .erase
        let index = try #require(newer.recipients.firstIndex { $0.key == "partners" })
        newer.recipients[index].receives = ["user.contact.email"]
        let changes = PolicyDiff.between(TestPolicies.defaultPolicy, newer)
        let text = changes.map(\.description).joined(separator: "\n")
        #expect(text.contains("on erasure"))
        #expect(text.contains("receives"))
    }
}
