import CustodianCore
import CustodianStore

/// What the privacy request pages show: the form to file a request, the code form, the status.
struct RequestFormPage: Sendable {
    var frame: PageFrame
    /// What was typed, after a problem.
    var kind: String?
    var email: String?
    var details: String?
    var purpose: String?
    var errors = FormErrors()
    /// The uses a person may object to (not those the service needs to run), as (key, name).
    var objectable: [(String, String)]
    /// Days within which requests are answered.
    var deadlineDays: Int

    /// The choices of the kind radio group: value, label, hint.
    static let kinds: [(PrivacyRequestKind, String, String)] = [
        (.access, "A copy of my data", "Everything held about you, as a file to download."),
        (.correction, "Correct my data", "Say below what is wrong and what it should be."),
        (.erasure, "Erase my account and data", "Your account and what it holds are erased; what the policy must keep is kept, unlinked from you."),
        (.objection, "Stop a use of my data", "Choose the use below, or say which in the details."),
    ]
}

/// The code form of a request not yet verified, or its status once it is.
struct RequestStatusPage: Sendable {
    var frame: PageFrame
    var summary: PrivacyRequestSummary
    var errors = FormErrors()
    /// A notice after an action (`code sent`).
    var notice: String?
    var now: Int64

    static func label(_ status: PrivacyRequestStatus) -> String {
        switch status {
        case .identityUnverified: "Waiting for the code"
        case .pending: "Received, waiting for our privacy team"
        case .approved: "Accepted"
        case .denied: "Refused"
        case .inProgress: "Being carried out"
        case .complete: "Done"
        }
    }

    static func outcome(_ outcome: String?) -> String? {
        switch outcome {
        case "exported": "Your data is ready to download."
        case "erased": "Your account and data have been erased."
        case "consent_denied": "The use you objected to has been switched off."
        case "recorded": "Our privacy team has dealt with your request."
        case "no_data": "We found no data about you to act on."
        default: nil
        }
    }
}
