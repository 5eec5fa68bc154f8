import Foundation
import CustodianCore
import CustodianStore
import Hummingbird

/// Authenticates machine callers by `Authorization: Bearer <api key>`.
///
/// A request without the header passes on unauthenticated (routes that need a key say so with
/// ``RequireScope``); a request with a key that is not valid is refused at once.
struct APIKeyAuthenticator: RouterMiddleware {
    typealias Context = AppRequestContext
    let apiKeys: any APIKeyRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.bearerToken(request.headers[.authorization]), token.hasPrefix(APIKeyStore.secretPrefix) else {
            return try await next(request, context)
        }
        guard let key = try await apiKeys.authenticate(token) else { throw AppError.unauthenticated }
        var context = context
        context.apiKey = key
        context.logger[metadataKey: "custodian.apikey"] = .string(key.id)
        return try await next(request, context)
    }

    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}

/// Lets requests through only when their API key has `scope`.
struct RequireScope: RouterMiddleware {
    typealias Context = AppRequestContext
    let scope: APIScope

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = context.apiKey else { throw AppError.unauthenticated }
        guard key.allows(scope) else { throw AppError.insufficientScope(scope.rawValue) }
        return try await next(request, context)
    }
}
