import Hummingbird
import Logging

/// Turns every error into the contract's error body with the right status, in one place.
/// Unknown errors become a generic 500 and are logged with the request id and error type only.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let appError = AppError.from(error)
            if appError.status.code >= 500 {
                // The type, never the description: descriptions of engine errors can hold values.
                context.logger.error("request failed", metadata: ["error.type": .string(String(reflecting: type(of: error)))])
            }
            return appError.response(requestId: context.requestId)
        }
    }
}
