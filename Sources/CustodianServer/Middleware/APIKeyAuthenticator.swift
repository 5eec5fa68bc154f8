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

    /// The token of `Authorization: Bearer <token>` (scheme case-insensitive). Runs on every
    /// request, so it compares bytes rather than splitting and lower-casing strings.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let utf8 = header.utf8
        guard utf8.count > 7 else { return nil }
        let scheme = Array("bearer ".utf8)
        var index = utf8.startIndex
        for expected in scheme {
            let byte = utf8[index]
            // ASCII letters compare case-insensitively by setting the 0x20 bit.
            guard byte | (expected == 0x20 ? 0 : 0x20) == expected else { return nil }
            index = utf8.index(after: index)
        }
        let token = HTTPText.trimmed(header[index...])
        return token.isEmpty ? nil : String(token)
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
