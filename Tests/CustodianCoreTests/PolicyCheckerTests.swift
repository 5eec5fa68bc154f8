import Testing

@testable import CustodianCore

@Suite("Policy checker")
struct PolicyCheckerTests {
    func codes(_ policy: Policy, _ severity: PolicyFinding.Severity) -> [String] {
        PolicyChecker.check(policy).filter { $0.severity == severity }.map(\.code)
    }

    @Test func defaultPolicyHasNoErrors() {
        let findings = PolicyChecker.check(TestPolicies.defaultPolicy)
        #expect(!findings.hasErrors, "\(findings.filter { $0.severity == .error })")
    }

    @Test func minimalPolicyIsClean() throws {
        #expect(PolicyChecker.check(try TestPolicies.minimal).isEmpty)
    }

    @Test func purposeNamingUndeclaredCategoryIsAnError() throws {
        var policy = try TestPolicies.minimal
        policy.purposes[0].categories.append("user.contact.phone_number")
        let finding = try #require(PolicyChecker.check(policy).first { $0.code == "undeclared_category" })
        #expect(finding.severity == .error)
        #expect(finding.path == "purposes[0].categories[1]")
    }

    @Test func parentKeyCoversDeclaredChildren() throws {
        var policy = try TestPolicies.minimal
        policy.purposes[0].categories = ["user.contact"]
        #expect(!codes(policy, .error).contains("undeclared_category"))
    }

    @Test func unknownFideslangCategoryIsAnError() throws {
        var policy = try TestPolicies.minimal
        policy.categories[0].key = "user.contact.emial"
        #expect(codes(policy, .error).contains("unknown_data_category"))
    }

    @Test func unknownFideslangUseIsAnError() throws {
        var policy = try TestPolicies.minimal
        policy.purposes[1].key = "marketing.spam"
        #expect(codes(policy, .error).contains("unknown_data_use"))
    }

    @Test func optOutPurposeWithoutWayOutIsAnError() throws {
        var policy = try TestPolicies.minimal
        policy.purposes[1].withdrawVia = []
        let finding = try #require(PolicyChecker.check(policy).first { $0.code == "opt_out_without_way_out" })
        #expect(finding.severity == .error)
        #expect(finding.path == "purposes[1].withdraw_via")
    }

    @Test func duplicateKeysAreErrors() throws {
        var policy = try TestPolicies.minimal
        policy.purposes.append(policy.purposes[0])
        let finding = try #require(PolicyChecker.check(policy).first { $0.code == "duplicate_key" })
        #expect(finding.path == "purposes[2].key")
    }

    @Test func unparsableRetentionIsAnError() throws {
        var policy = try TestPolicies.minimal
        policy.categories[0].retention = "thirty days"
        #expect(codes(policy, .error) == ["unparsable_retention"])
    }

    @Test func undeclaredRecipientIsAnError() throws {
        var policy = try TestPolicies.minimal
        policy.purposes[1].recipients = ["ghosts"]
        #expect(codes(policy, .error).contains("undeclared_recipient"))
    }

    @Test func clauseReferenceToNothingIsAnError() throws {
        var policy = try TestPolicies.minimal
        policy.prose.use.clauses = [PolicyClause(paragraphs: ["We sell."], refs: ["sales"])]
        #expect(codes(policy, .error) == ["unknown_reference"])
    }

    @Test func errorsComeBeforeWarnings() {
        var policy = TestPolicies.defaultPolicy
        policy.categories[0].retention = "forever"
        let severities = PolicyChecker.check(policy).map(\.severity)
        #expect(severities.first == .error)
        #expect(severities == severities.sorted { $0 == .error && $1 == .warning })
    }

    @Test func excludedSearchKeywordsWarnAboutGDPRAndPIPL() throws {
        let finding = try #require(
            PolicyChecker.check(TestPolicies.defaultPolicy).first {
                $0.code == "excluded_search_keywords_are_personal_data"
            })
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("GDPR"))
        #expect(finding.message.contains("PIPL"))
    }

    @Test func excludedTradingAndCreditRecordsWarn() {
        let warnings = codes(TestPolicies.defaultPolicy, .warning)
        #expect(warnings.contains("excluded_trading_records_are_personal_data"))
        #expect(warnings.contains("excluded_credit_records_are_personal_data"))
        #expect(warnings.contains("excluded_operator_data_is_personal_data"))
    }

    @Test func continuedUseWithOptInPurposesWarns() {
        #expect(codes(TestPolicies.defaultPolicy, .warning).contains("continued_use_is_not_consent"))
    }

    @Test func explicitAcceptanceDoesNotWarnAboutContinuedUse() {
        var policy = TestPolicies.defaultPolicy
        policy.acceptance.model = .explicit
        #expect(!codes(policy, .warning).contains("continued_use_is_not_consent"))
    }

    @Test func partnersWithoutNamesWarn() {
        #expect(codes(TestPolicies.defaultPolicy, .warning).contains("recipients_not_named"))
    }

    @Test func sharingIgnoringPrivacySignalsWarns() {
        var policy = TestPolicies.defaultPolicy
        for index in policy.purposes.indices where policy.purposes[index].key == "third_party_sharing" {
            policy.purposes[index].optOutSignals = false
        }
        #expect(codes(policy, .warning).contains("signals_not_honoured"))
    }

    @Test func unusedCategoryWarns() throws {
        var policy = try TestPolicies.minimal
        policy.categories.append(DataCategory(
            key: "user.demographic.gender", label: "Gender", description: "Gender.", sources: [.provided],
            retention: "account", sensitivity: .medium))
        #expect(codes(policy, .warning) == ["category_without_purpose"])
    }
}
