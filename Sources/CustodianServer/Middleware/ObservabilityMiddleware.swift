import CustodianCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The outermost middleware: gives every request an id, logs its outcome, and sets the
/// `X-Request-Id` and security headers on every response, errors included.
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let securityHeaders: SecurityHeaders

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestId = Self.requestId(from: request.headers[.xRequestID])
        context.logger[metadataKey: "custodian.request_id"] = .string(context.requestId)
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.xRequestID] = context.requestId
        securityHeaders.apply(to: &response.headers, path: request.uri.path)
        let elapsed = ContinuousClock.now - start
        // The route pattern, never the raw path or query, which may carry tokens.
        context.logger.log(
            level: response.status.code >= 500 ? .error : .info,
            "request completed",
            metadata: [
                "http.method": .string(request.method.rawValue),
                "http.route": .string(context.endpointPath ?? "unmatched"),
                "http.status": .stringConvertible(response.status.code),
                "http.duration_ms": .stringConvertible(Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15),
            ]
        )
        return response
    }

    /// Keeps a caller's id when it is a plain token of sane length, else makes one.
    static func requestId(from header: String?) -> String {
        if let header, (8...64).contains(header.utf8.count),
           header.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) {
            return header
        }
        return Hex.encode(Identifiers.randomBytes(12))
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
    static let permissionsPolicy = Self("Permissions-Policy")!
}
