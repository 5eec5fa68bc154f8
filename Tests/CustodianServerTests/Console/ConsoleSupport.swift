import CustodianCore
import CustodianStore
@testable import CustodianServer
import Foundation
import HummingbirdTesting
import Testing

/// Console accounts made in the store, and signing in through the real pages.
enum ConsoleSupport {
    static let password = "a long staff password"

    /// An account with `role` and a chosen password (no one-time password to change first).
    @discardableResult
    static func account(_ app: TestApp, email: String, role: StaffRole, password: String = password, oneTime: Bool = false) async throws -> StaffAccount {
        let hash = try await PasswordHasher(cost: 4).hash(password)
        return try await app.store.prepare().staff.create(
            email: email, emailLookup: email.lowercased(), role: role, passwordHash: hash, mustChangePassword: oneTime, actor: "test")
    }

    /// Signs in through `/admin/sign-in`; returns the answer to the form.
    @discardableResult
    static func signIn(_ browser: Browser, email: String, password: String = password) async throws -> Browser.Page {
        let form = try await browser.get("/admin/sign-in")
        #expect(form.status == .ok)
        return try await browser.post("/admin/sign-in", [("email", email), ("password", password)])
    }

    /// Audit entries, newest first, with this action.
    static func audit(_ app: TestApp, action: String) async throws -> [AuditEntry] {
        try await app.store.repositories.audit.entries(before: nil, limit: 500, filter: .init(action: action))
    }

    /// Every console page and the permission it needs.
    static let pages: [(path: String, permission: StaffPermission)] = [
        ("/admin", .viewDashboard), ("/admin/data-map", .viewDataMap), ("/admin/consent", .viewConsentStatistics),
        ("/admin/audit", .viewAudit), ("/admin/risk", .viewRiskEvents), ("/admin/partners", .managePartners),
        ("/admin/policy", .viewPolicyVersions), ("/admin/contact", .viewContactMessages), ("/admin/surveys", .viewSurveys),
        ("/admin/people", .lookUpPeople), ("/admin/staff", .manageStaff), ("/admin/comments", .moderateComments), ("/admin/requests", .handleRequests),
    ]
}
