import CustodianStore
import Hummingbird

/// Authenticates people by `Authorization: Bearer cs_…` (apps) or the `custodian_session`
/// cookie (pages). Requests without either pass on; an invalid token is refused at once.
struct SessionAuthenticator: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "custodian_session"
    let sessions: SessionStore
    /// Watches where sessions are used from (far-apart places are a risk event).
    var activity: ActivityMonitor?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let bearer = APIKeyAuthenticator.bearerToken(request.headers[.authorization]).flatMap { $0.hasPrefix(SessionStore.tokenPrefix) ? $0 : nil }
        guard let token = bearer ?? request.cookies[Self.cookieName]?.value else {
            return try await next(request, context)
        }
        guard let session = try await sessions.authenticate(token) else {
            // A stale cookie is not an error for pages; a bad bearer token is.
            if bearer != nil { throw AppError.sessionRequired }
            return try await next(request, context)
        }
        await activity?.sessionUsed(session, address: context.remoteIP, requestId: context.requestId)
        var context = context
        context.session = session
        return try await next(request, context)
    }
}

/// Lets requests through only for a signed-in person.
struct RequireSession: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.session != nil else { throw AppError.sessionRequired }
        return try await next(request, context)
    }
}

extension AppRequestContext {
    /// The signed-in person's session (routes behind ``RequireSession``); 401 rather than a crash.
    func requireSession() throws -> Session {
        guard let session else { throw AppError.sessionRequired }
        return session
    }

    /// The signed-in person's id (routes behind ``RequireSession``).
    func personId() throws -> String {
        try requireSession().personId
    }
}

extension AppError {
    static let sessionRequired = AppError(
        .unauthorized, code: "unauthenticated", message: "Sign in first: send 'Authorization: Bearer <session token>' or the session cookie.",
        headers: [.wwwAuthenticate: "Bearer"]
    )

    static let invalidCredentials = AppError(
        .unauthorized, code: "invalid_credentials", message: "The email address or password is not right."
    )
}
