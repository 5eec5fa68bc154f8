import CustodianCore
import CustodianStore
import Hummingbird

/// Rate limits on every public endpoint: a token bucket per client address, a stricter one per
/// address on the routes that cost a password hash or create something for an unknown caller
/// (registration, sign-in, contact, survey answers, password change), and one per credential
/// (API key or session token). Beyond a limit the answer is 429 `rate_limited` with
/// `Retry-After`.
///
/// Health, readiness and metrics are not limited: load balancers and Prometheus poll them.
/// Requests whose peer address is unknown are limited by credential only. Buckets live in the
/// process's memory (see docs/risk.md for several nodes). The middleware also counts refused
/// calls (401/403, and any 4xx on a credential) for ``ActivityMonitor``.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let perAddress: TokenBuckets?
    let perCredential: TokenBuckets?
    let forms: TokenBuckets?
    let activity: ActivityMonitor?

    init(configuration: RiskConfiguration, activity: ActivityMonitor?) {
        perAddress = configuration.ipLimit.map { TokenBuckets(limit: $0) }
        perCredential = configuration.keyLimit.map { TokenBuckets(limit: $0) }
        forms = configuration.formLimit.map { TokenBuckets(limit: $0) }
        self.activity = activity
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if request.method == .get, Self.isProbe(path) { return try await next(request, context) }
        let address = context.remoteIP
        if let address {
            if let wait = perAddress?.take(address) { throw AppError.rateLimited(retryAfterSeconds: wait, scope: "address") }
            if let forms, Self.isForm(request.method, path), let wait = forms.take(address) {
                throw AppError.rateLimited(retryAfterSeconds: wait, scope: "address")
            }
        }
        let credential = APIKeyAuthenticator.bearerToken(request.headers[.authorization])
        if let credential, let wait = perCredential?.take(credential) {
            throw AppError.rateLimited(retryAfterSeconds: wait, scope: "credential")
        }
        do {
            let response = try await next(request, context)
            if response.status.code >= 400, response.status != .tooManyRequests {
                await activity?.refused(status: Int(response.status.code), credential: credential, address: address, requestId: context.requestId)
            }
            return response
        } catch {
            let status = (error as? AppError)?.status.code ?? (error as? HTTPResponseError)?.status.code ?? 500
            if (400..<500).contains(status), status != 429 {
                await activity?.refused(status: Int(status), credential: credential, address: address, requestId: context.requestId)
            }
            throw error
        }
    }

    /// Liveness, readiness and metrics: polled by infrastructure, never limited.
    static func isProbe(_ path: String) -> Bool {
        path == "/healthz" || path == "/readyz" || path == "/metrics"
    }

    /// Routes that hash a password or accept content from unknown callers.
    static func isForm(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        switch method {
        case .post:
            return path == "/v1/people" || path == "/v1/sessions" || path == "/register" || path == "/signin" || path == "/admin/sign-in" || path == "/v1/contact"
                || path == "/v1/comments" || path == "/privacy/comments" || (path.hasPrefix("/v1/surveys/") && path.hasSuffix("/responses"))
        case .put:
            return path == "/v1/people/me/password"
        default:
            return false
        }
    }
}

extension AppError {
    /// A rate limit was reached; `scope` says which (`address` or `credential`).
    static func rateLimited(retryAfterSeconds: Int, scope: String) -> AppError {
        AppError(
            .tooManyRequests, code: "rate_limited",
            message: scope == "credential"
                ? "Too many requests with this key in a short time; wait as Retry-After says."
                : "Too many requests from your address in a short time; wait as Retry-After says.",
            headers: [.retryAfter: String(retryAfterSeconds)])
    }
}
