import Testing

@testable import CustodianCore

@Suite("Policy diff")
struct PolicyDiffTests {
    let old = TestPolicies.defaultPolicy

    @Test func identicalPoliciesHaveNoChanges() {
        #expect(PolicyDiff.between(old, old).isEmpty)
        #expect(PolicyDiff.summary([]) == "No changes.")
    }

    @Test func addedAndRemovedCategoriesAreListed() {
        var new = old
        new.categories.removeAll { $0.key == "user.device.cookie_id" }
        new.categories.append(DataCategory(
            key: "user.behavior.search_history", label: "Searches", description: "What you search for.",
            sources: [.automatic], retention: "P90D", sensitivity: .medium))
        let changes = PolicyDiff.between(old, new)
        #expect(changes.contains(PolicyChange(kind: .removed, area: .category, key: "user.device.cookie_id")))
        #expect(changes.contains(PolicyChange(kind: .added, area: .category, key: "user.behavior.search_history")))
    }

    @Test func changedBasisIsDescribed() throws {
        var new = old
        let index = try #require(new.purposes.firstIndex { $0.key == "marketing.communications.email" })
        new.purposes[index].basis = .optIn
        new.purposes[index].categories.append("user.contact.phone_number")
        let change = try #require(PolicyDiff.between(old, new).first)
        #expect(change.kind == .changed)
        #expect(change.area == .purpose)
        #expect(change.details.contains("basis changed from opt_out to opt_in"))
        #expect(change.details.contains("may now read user.contact.phone_number"))
        #expect(PolicyDiff.summary([change]).hasPrefix("- purpose marketing.communications.email changed: "))
    }

    @Test func recipientExclusionAndProseChangesAreListed() {
        var new = old
        new.recipients[1].names = ["Acme Ads Ltd"]
        new.exclusions.removeFirst()
        new.prose.scope.paragraphs.append("It also applies to our shops.")
        let changes = PolicyDiff.between(old, new)
        #expect(changes.map(\.area) == [.recipient, .exclusion, .prose])
        #expect(changes[1] == PolicyChange(kind: .removed, area: .exclusion, key: "trading_records"))
        #expect(changes[2].key == "scope")
    }

    @Test func controllerRenameIsDescribed() throws {
        var new = old
        new.controller.name = "Example Ltd"
        let change = try #require(PolicyDiff.between(old, new).first)
        #expect(change.details == ["name changed from the Platform to Example Ltd"])
    }
}
