/// A console account's role. Least privilege: each role is given only the permissions its work
/// needs (``StaffRole/permissions``), and every console page names the permission it requires.
public enum StaffRole: String, Sendable, Codable, CaseIterable, Comparable {
    /// Runs the installation: every permission, including partners, policy versions and staff.
    case administrator
    /// Runs the privacy work: the data map, consent statistics, requests, the audit log (and its
    /// verification), comment moderation and policy versions.
    case privacyOfficer = "privacy-officer"
    /// Customer service: contact messages, surveys, and looking a person up through the purpose gate.
    case support
    /// Aggregates only: data-map counts and consent statistics, never one person's data.
    case analyst

    /// How the role reads on pages.
    public var label: String {
        switch self {
        case .administrator: "Administrator"
        case .privacyOfficer: "Privacy officer"
        case .support: "Support"
        case .analyst: "Analyst"
        }
    }

    /// What the role may do.
    public var permissions: Set<StaffPermission> {
        switch self {
        case .administrator:
            Set(StaffPermission.allCases)
        case .privacyOfficer:
            [.viewDashboard, .viewDataMap, .viewConsentStatistics, .viewAudit, .verifyAudit, .handleRequests, .moderateComments, .viewPolicyVersions]
        case .support:
            [.viewDashboard, .viewContactMessages, .viewSurveys, .lookUpPeople]
        case .analyst:
            [.viewDashboard, .viewDataMap, .viewConsentStatistics]
        }
    }

    /// Whether the role may do `permission`.
    public func allows(_ permission: StaffPermission) -> Bool {
        permissions.contains(permission)
    }

    /// `administrator|privacy-officer|support|analyst`, for messages.
    public static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }

    public static func < (lhs: StaffRole, rhs: StaffRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One thing a console page or action needs. A permission that shows one person's data says so
/// in ``showsPersonalData``: no aggregate-only role may hold one of those.
public enum StaffPermission: String, Sendable, Codable, CaseIterable {
    case viewDashboard = "view_dashboard"
    /// The data map with live counts per category and source (aggregates).
    case viewDataMap = "view_data_map"
    /// Granted / denied / default counts per purpose (aggregates).
    case viewConsentStatistics = "view_consent_statistics"
    /// The audit log browser (actors, subjects by id, purposes).
    case viewAudit = "view_audit"
    /// Running the audit chain verification.
    case verifyAudit = "verify_audit"
    /// Risk events about accounts and activity.
    case viewRiskEvents = "view_risk_events"
    /// Partners and webhook deliveries.
    case managePartners = "manage_partners"
    /// Contact messages to customer service (opened through the purpose gate).
    case viewContactMessages = "view_contact_messages"
    /// Surveys and their results.
    case viewSurveys = "view_surveys"
    /// Looking a person up and reading their profile through the purpose gate (customer service).
    case lookUpPeople = "look_up_people"
    /// Recorded policy versions.
    case viewPolicyVersions = "view_policy_versions"
    /// The privacy request queue (access, correction, erasure, objection) with deadlines.
    case handleRequests = "handle_requests"
    /// The comment moderation queue.
    case moderateComments = "moderate_comments"
    /// Console accounts.
    case manageStaff = "manage_staff"

    /// Whether holding the permission lets its holder read one person's data.
    public var showsPersonalData: Bool {
        switch self {
        case .viewDashboard, .viewDataMap, .viewConsentStatistics, .viewPolicyVersions: false
        case .viewAudit, .verifyAudit, .viewRiskEvents, .managePartners, .viewContactMessages, .viewSurveys, .lookUpPeople,
             .handleRequests, .moderateComments, .manageStaff: true
        }
    }
}
