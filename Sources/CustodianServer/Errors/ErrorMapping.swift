import CustodianStore
import Foundation
import Hummingbird

extension AppError {
    /// The answer for any error thrown while handling a request. Unknown errors become a generic
    /// 500; the caller logs them.
    static func from(_ error: any Error) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as StoreError:
            return from(error)
        case let error as ConsentError:
            return from(error)
        case let error as any HTTPResponseError:
            return from(httpStatus: error.status)
        default:
            return .internalError
        }
    }

    static func from(_ error: StoreError) -> AppError {
        switch error {
        case .conflict: AppError(.conflict, code: "conflict", message: "This conflicts with something that already exists.")
        case .notFound: .notFound()
        case .unavailable: .unavailable
        case .corrupt, .configuration, .keyUnavailable: .internalError
        }
    }

    static func from(_ error: ConsentError) -> AppError {
        switch error {
        case .unknownPerson:
            AppError(.notFound, code: "person_not_found", message: "There is no person with this id.")
        case .unknownPurpose:
            .validation(field: "purpose", code: "unknown_purpose", message: "The policy declares no such purpose.")
        case .notOptional:
            AppError(
                .unprocessableContent, code: "consent_not_optional",
                message: "This purpose relies on use of the service; it cannot be granted or refused on its own.",
                fields: [FieldError(field: "purpose", code: "by_use_purpose", message: "Needed to provide the service while the account exists.")])
        }
    }

    /// Maps the framework's own errors (routing, body limits) to the contract's codes.
    static func from(httpStatus status: HTTPResponse.Status) -> AppError {
        switch status {
        case .notFound: .notFound()
        case .methodNotAllowed: AppError(status, code: "method_not_allowed", message: "This method is not allowed here.")
        case .contentTooLarge: AppError(status, code: "payload_too_large", message: "The request body is too large.")
        case .unsupportedMediaType: .unsupportedMediaType
        case .badRequest: AppError(status, code: "bad_request", message: "The request is malformed.")
        case .unauthorized: .unauthenticated
        case .forbidden: AppError(status, code: "forbidden", message: "This is not allowed.")
        case .requestTimeout: AppError(status, code: "request_timeout", message: "The request took too long to arrive.")
        default:
            status.code >= 500
                ? .internalError
                : AppError(status, code: "request_error", message: status.reasonPhrase.isEmpty ? "The request cannot be served." : status.reasonPhrase)
        }
    }

    /// The JSON response carrying this error.
    func response(requestId: String) -> Response {
        let body = ErrorBody(error: .init(code: code, message: message, requestId: requestId, fields: fields))
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let bytes = (try? JSONCoding.encoder.encode(body)) ?? Data(#"{"error":{"code":"internal_error","message":"error","requestId":""}}"#.utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
