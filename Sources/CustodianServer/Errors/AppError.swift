import Hummingbird

/// A problem with one field of a request, reported in the error body's `fields`.
public struct FieldError: Codable, Sendable, Equatable {
    public var field: String
    public var code: String
    public var message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// An error that knows its HTTP answer: status, stable snake_case code and a safe message.
///
/// Messages are written for the caller and never carry SQL, stack traces, secrets or the
/// personal data that was sent.
public struct AppError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var fields: [FieldError]?
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String, fields: [FieldError]? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers
    }

    public static func validation(_ fields: [FieldError]) -> AppError {
        AppError(.unprocessableContent, code: "validation_failed", message: "Some fields are not valid.", fields: fields)
    }

    public static func validation(field: String, code: String, message: String) -> AppError {
        validation([FieldError(field: field, code: code, message: message)])
    }

    public static func notFound(_ message: String = "There is nothing at this address.") -> AppError {
        AppError(.notFound, code: "not_found", message: message)
    }

    public static let unauthenticated = AppError(
        .unauthorized, code: "unauthenticated", message: "Send a valid API key as 'Authorization: Bearer <key>'.",
        headers: [.wwwAuthenticate: "Bearer"]
    )

    public static func insufficientScope(_ scope: String) -> AppError {
        AppError(
            .forbidden, code: "insufficient_scope", message: "This API key lacks the '\(scope)' scope.",
            headers: [.wwwAuthenticate: "Bearer error=\"insufficient_scope\", scope=\"\(scope)\""]
        )
    }

    public static func payloadTooLarge(limit: Int) -> AppError {
        AppError(.contentTooLarge, code: "payload_too_large", message: "The request body exceeds the limit of \(limit) bytes.")
    }

    public static let unsupportedMediaType = AppError(
        .unsupportedMediaType, code: "unsupported_media_type", message: "Send the body as 'Content-Type: application/json'."
    )

    public static func malformedJSON(_ detail: String = "The body is not valid JSON.") -> AppError {
        AppError(.badRequest, code: "malformed_json", message: detail)
    }

    public static let internalError = AppError(
        .internalServerError, code: "internal_error", message: "Something went wrong on our side; it has been logged."
    )

    public static let unavailable = AppError(
        .serviceUnavailable, code: "unavailable", message: "The service is temporarily unavailable; try again shortly.",
        headers: [.retryAfter: "1"]
    )
}
