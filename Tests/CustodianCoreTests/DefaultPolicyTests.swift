import Testing

@testable import CustodianCore

@Suite("Default policy")
struct DefaultPolicyTests {
    @Test func defaultPolicyLoads() throws {
        let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
        #expect(policy.controller.name == "the Platform")
        #expect(policy.categories.count >= 16)
    }

    @Test func defaultPolicyHasNoCheckErrors() throws {
        let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
        let findings = PolicyChecker.check(policy)
        for finding in findings { print(finding) }
        #expect(!findings.hasErrors, "\(findings.filter { $0.severity == .error })")
    }
}
