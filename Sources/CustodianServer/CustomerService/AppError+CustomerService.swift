import CustodianCore
import Hummingbird

/// The answers of customer-service and survey routes that are not plain validation.
extension AppError {
    /// The policy (or the person's choices) do not let this purpose read the data.
    static func purposeDenied(purpose: String, _ decision: Decision) -> AppError {
        AppError(
            .forbidden, code: "purpose_denied",
            message: "The privacy policy does not allow this for the purpose '\(purpose)': \(decision.reason.message) (\(decision.reason.code.rawValue)).")
    }

    /// Too many submissions from one sender in a short time.
    static func tooManyRequests(retryAfterSeconds: Int) -> AppError {
        AppError(
            .tooManyRequests, code: "too_many_requests", message: "Too many messages in a short time; try again later.",
            headers: [.retryAfter: String(retryAfterSeconds)])
    }

    /// Problems found by the shared rules, as one 422.
    static func validation(problems: [FieldProblem]) -> AppError {
        validation(problems.map { FieldError(field: $0.field, code: $0.code, message: $0.message) })
    }

    static let contactNotFound = AppError.notFound("There is no message with this id.")

    static let surveyNotFound = AppError.notFound("There is no survey with this id.")
    static let surveyClosed = AppError(.conflict, code: "survey_closed", message: "This survey is closed and takes no more responses.")
    static let alreadyAnswered = AppError(
        .conflict, code: "already_answered", message: "You have answered this survey already; see GET /v1/people/me/surveys.")
}
