// Deliberately NOT `@testable`: this file sees only what any code outside the modules sees.
import CustodianCore
import CustodianStore
import Testing

/// Sealed fields open only with an `Access`, and only the purpose gate mints one.
///
/// `Access`'s initialiser is internal to CustodianCore, so `Access(subject:purpose:…)` written
/// here (or anywhere outside CustodianCore) does not compile, and `PersonVault.openAttributes(of:)`
/// is internal to CustodianStore: the only public way to read a sealed field is
/// `attributes(of:access:)`, and the only way to get its argument is an allowing decision.
@Suite("Opening sealed fields needs the gate's decision")
struct PersonVaultAccessTests {
    @Test("a denied decision yields no access; an allowed one opens exactly the permitted categories")
    func accessOpensOnlyPermittedCategories() async throws {
        try await Issue3Stores.withStore(.sqlite) { store in
            let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
            _ = try await store.repositories.policyVersions.record(policy, yaml: DefaultPolicy.yaml)
            let service = ConsentService(policy: CompiledPolicy(policy), repositories: store.repositories)
            let person = try await Issue3Stores.person(store.repositories)

            // Opt-in sharing without consent: the gate refuses, so there is nothing to open with.
            let denied = try await service.authorize(
                person: person, purpose: "third_party_sharing", categories: ["user.contact.email"], actor: "test")
            guard case .failure(let decision) = denied else {
                Issue.record("sharing without consent must be denied")
                return
            }
            // A new person's opt-in purposes start from the policy default: no consent recorded yet.
            #expect(decision.reason.code == .consentMissing)

            // Email marketing may read the email address: exactly that field opens.
            let allowed = try await service.authorize(
                person: person, purpose: "marketing.communications.email", categories: ["user.contact.email"], actor: "test")
            let access = try allowed.get()
            let opened = try await store.repositories.people.attributes(of: person, access: access)
            #expect(opened.map(\.field) == ["email"])
            #expect(opened.first?.value == "ada@example.com")

            // The same access does not open another person's data.
            let other = try await Issue3Stores.person(store.repositories)
            #expect(try await store.repositories.people.attributes(of: other, access: access).isEmpty)
        }
    }
}
