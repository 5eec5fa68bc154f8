import Testing

@testable import CustodianCore

@Suite("Policy loader")
struct PolicyLoaderTests {
    /// Loads `yaml` and returns the error it must throw.
    func loadError(_ yaml: String) -> PolicyLoadError? {
        do {
            _ = try PolicyLoader.load(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test func minimalPolicyLoads() throws {
        let policy = try TestPolicies.minimal
        #expect(policy.purposes.map(\.key) == ["essential.service", "marketing.communications.email"])
        #expect(policy.purposes[1].withdrawVia == ["unsubscribe_link"])
        #expect(policy.purposes[0].optOutSignals == false)
    }

    @Test func badBasisNamesLinePathAndChoices() throws {
        let yaml = TestPolicies.minimalYAML.replacingAll("basis: opt_out", with: "basis: maybe")
        let error = try #require(loadError(yaml))
        #expect(error.line == 28)
        #expect(error.path == "purposes[1].basis")
        #expect(error.description.hasPrefix("line 28, column 12: "))
        #expect(error.description.hasSuffix("purposes[1].basis: expected one of by_use, opt_out, opt_in"))
    }

    @Test func missingRequiredKeyNamesTheKey() throws {
        let yaml = TestPolicies.minimalYAML.replacingAll("    retention: account\n", with: "")
        let error = try #require(loadError(yaml))
        #expect(error.path == "categories[0].retention")
        #expect(error.message == "required key is missing")
        #expect(error.line == 13)
    }

    @Test func unknownKeyIsRejectedWithItsLine() throws {
        let yaml = TestPolicies.minimalYAML.replacingAll("    basis: by_use", with: "    basis: by_use\n    basiss: x")
        let error = try #require(loadError(yaml))
        #expect(error.path == "purposes[0].basiss")
        #expect(error.line == 24)
        #expect(error.message.hasPrefix("unknown key"))
    }

    @Test func yamlSyntaxErrorKeepsItsPosition() throws {
        let error = try #require(loadError("controller:\n  name: [unclosed\n  other: x\n"))
        #expect(error.line != nil)
        #expect(error.message.hasPrefix("invalid YAML"))
    }

    @Test func duplicateMappingKeyIsReported() throws {
        let error = try #require(loadError("controller: {}\ncontroller: {}\n"))
        #expect(error.message.contains("duplicate key controller"))
        #expect(error.line == 1)
    }

    @Test func emptyFileIsAnError() throws {
        let error = try #require(loadError(""))
        #expect(error.message == "the policy file is empty")
    }

    @Test func wrongShapeSaysWhatWasExpected() throws {
        let yaml = TestPolicies.minimalYAML.replacingAll("sources: [provided]", with: "sources: provided")
        let error = try #require(loadError(yaml))
        #expect(error.path == "categories[0].sources")
        #expect(error.message == "expected a list")
    }

    @Test func nonBooleanSignalFlagIsRejected() throws {
        let yaml = TestPolicies.minimalYAML.replacingAll(
            "withdraw_via: [unsubscribe_link]", with: "withdraw_via: [unsubscribe_link]\n    opt_out_signals: sometimes")
        let error = try #require(loadError(yaml))
        #expect(error.path == "purposes[1].opt_out_signals")
        #expect(error.message == "expected true or false")
    }

    @Test func controllerNameDefaultsToThePlatform() throws {
        let yaml = TestPolicies.minimalYAML.replacingAll("  name: Example\n", with: "")
        let policy = try PolicyLoader.load(yaml: yaml)
        #expect(policy.controller.name == "the Platform")
    }
}
