import Foundation
import Testing

@testable import CustodianCore

/// The console's permission matrix: least privilege, one behaviour per test.
@Suite("Staff roles and permissions")
struct StaffRoleTests {
    @Test func administratorsHoldEveryPermission() {
        #expect(StaffRole.administrator.permissions == Set(StaffPermission.allCases))
    }

    @Test func analystsSeeAggregatesOnlyNeverAPersonsData() {
        let analyst = StaffRole.analyst.permissions
        #expect(analyst == [.viewDashboard, .viewDataMap, .viewConsentStatistics])
        #expect(analyst.allSatisfy { !$0.showsPersonalData })
    }

    @Test func supportReadsCustomerServiceAndPeopleThroughTheGateButNotTheAuditLog() {
        let support = StaffRole.support
        #expect(support.allows(.lookUpPeople) && support.allows(.viewContactMessages) && support.allows(.viewSurveys))
        for denied: StaffPermission in [.viewAudit, .verifyAudit, .viewDataMap, .viewConsentStatistics, .managePartners, .manageStaff, .handleRequests, .moderateComments] {
            #expect(!support.allows(denied), "support must not hold \(denied)")
        }
    }

    @Test func privacyOfficersRunThePrivacyWorkButNotPartnersStaffOrPeopleLookup() {
        let officer = StaffRole.privacyOfficer
        for granted: StaffPermission in [.viewDataMap, .viewConsentStatistics, .viewAudit, .verifyAudit, .handleRequests, .moderateComments, .viewPolicyVersions] {
            #expect(officer.allows(granted), "a privacy officer needs \(granted)")
        }
        for denied: StaffPermission in [.managePartners, .manageStaff, .lookUpPeople, .viewContactMessages, .viewRiskEvents] {
            #expect(!officer.allows(denied), "a privacy officer must not hold \(denied)")
        }
    }

    @Test func onlyAdministratorsManageStaffAndPartners() {
        for role in StaffRole.allCases where role != .administrator {
            #expect(!role.allows(.manageStaff) && !role.allows(.managePartners))
        }
    }

    @Test func theQueuesBuiltElsewhereHaveTheirPermissionsAlready() {
        #expect(StaffPermission(rawValue: "moderate_comments") == .moderateComments)
        #expect(StaffPermission(rawValue: "handle_requests") == .handleRequests)
        #expect(StaffRole.allCases.filter { $0.allows(.moderateComments) } == [.administrator, .privacyOfficer])
        #expect(StaffRole.allCases.filter { $0.allows(.handleRequests) } == [.administrator, .privacyOfficer])
    }

    @Test func everyRoleSeesTheDashboard() {
        #expect(StaffRole.allCases.allSatisfy { $0.allows(.viewDashboard) })
    }

    @Test func rolesParseFromTheirCommandLineNames() {
        #expect(StaffRole.allCases.map(\.rawValue) == ["administrator", "privacy-officer", "support", "analyst"])
        #expect(StaffRole(rawValue: "privacy-officer") == .privacyOfficer)
        #expect(StaffRole(rawValue: "root") == nil)
        #expect(StaffRole.choices == "administrator|privacy-officer|support|analyst")
    }
}

@Suite("Staff sign-in rules")
struct StaffSignInRulesTests {
    let rules = StaffSignInRules()

    @Test func theFifthConsecutiveFailureLocksForFifteenMinutes() {
        #expect(rules.lockUntil(afterFailures: 4, now: 1_000) == nil)
        let until: Int64? = rules.lockUntil(afterFailures: 5, now: 1_000)
        #expect(until == Int64(901_000))
        #expect(rules.isLocked(lockedUntil: 2_000, now: 1_999))
        #expect(!rules.isLocked(lockedUntil: 2_000, now: 2_000))
        #expect(!rules.isLocked(lockedUntil: nil, now: 0))
    }

    @Test func newPasswordsAreLongAndDoNotContainTheAddress() {
        #expect(rules.problem(newPassword: "short", email: nil) != nil)
        #expect(rules.problem(newPassword: "xgrace@example.orgx", email: "Grace@Example.org") != nil)
        #expect(rules.problem(newPassword: String(repeating: "é", count: 40), email: nil) != nil)
        #expect(rules.problem(newPassword: "correct horse battery", email: "grace@example.org") == nil)
    }
}

@Suite("Consent statistics")
struct ConsentStatisticsTests {
    let policy = TestPolicies.defaultPolicy

    func record(_ person: String, _ purpose: String, _ kind: ConsentEventKind, _ source: ConsentSource = .explicit, at seconds: TimeInterval) -> ConsentRecord {
        ConsentRecord(personId: person, purpose: purpose, kind: kind, source: source, policyVersion: "v1", recordedAt: TestPolicies.time(seconds))
    }

    @Test func eachPersonCountsOnceByTheirEffectiveState() throws {
        let purpose = try #require(policy.purposes.first { $0.basis == .optIn })
        let records = [
            record("a", purpose.key, .granted, at: 1), record("a", purpose.key, .withdrawn, at: 2),
            record("b", purpose.key, .granted, at: 1),
            record("c", purpose.key, .granted, at: 1), record("c", "another.purpose", .denied, at: 3),
        ]
        let tally = ConsentStatistics.tally(purpose: purpose, records: records, people: 5, policy: policy)
        #expect(tally.granted == 2 && tally.denied == 1 && tally.atDefault == 2 && tally.total == 5)
        #expect(tally.defaultState == .denied && tally.effectivelyGranted == 2)
    }

    @Test func signalsDenyOnlyWhereThePolicyLetsThem() throws {
        let signalled = try #require(policy.purposes.first { $0.optOutSignals })
        let tally = ConsentStatistics.tally(purpose: signalled, records: [record("a", signalled.key, .denied, .gpc, at: 1)], people: 2, policy: policy)
        #expect(tally.denied == 1 && tally.atDefault == 1)
    }

    @Test func byUsePurposesStayAtTheirDefault() throws {
        let byUse = try #require(policy.purposes.first { $0.basis == .byUse })
        let tally = ConsentStatistics.tally(purpose: byUse, records: [record("a", byUse.key, .denied, at: 1)], people: 3, policy: policy)
        #expect(tally.atDefault == 3 && tally.effectivelyGranted == 3)
    }
}
