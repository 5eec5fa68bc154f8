import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// URL checks for the platform's services (scope `decide`, or `admin`), and a person's own risk
/// events.
struct RiskController {
    let screening: URLScreening
    let events: RiskEventStore
    /// The most URLs one batch may check.
    static let batchLimit = 100

    func addRoutes(to router: Router<AppRequestContext>) {
        let checks = router.group("v1/risk/urls/check").add(middleware: RequireAnyScope(scopes: [.decide, .admin]))
        checks.get(use: checkOne)
        checks.post(use: checkBatch)
        router.group("v1/people/me").add(middleware: RequireSession()).get("risk-events", use: mine)
    }

    /// `GET /v1/risk/urls/check?url=…`. The batch POST keeps URLs out of access logs; this form is
    /// for quick checks of links that carry nothing personal.
    @Sendable func checkOne(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let given = request.uri.queryParameters["url"] else {
            throw AppError.validation(field: "url", code: "required", message: "Give the URL to check as ?url=…")
        }
        let url = String(given)
        guard !url.isEmpty else { throw AppError.validation(field: "url", code: "required", message: "Give the URL to check as ?url=…") }
        guard url.utf8.count <= URLParser.maximumLength else {
            throw AppError.validation(field: "url", code: "too_long", message: "A URL to check is at most \(URLParser.maximumLength) bytes.")
        }
        return try .json(RiskViews.Check(url: url, screening.check(url)))
    }

    struct Batch: Decodable {
        var urls: [String]?
    }

    /// `POST /v1/risk/urls/check` with `{"urls": [...]}` (1–100).
    @Sendable func checkBatch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: Batch.self, context: context)
        guard let urls = body.urls, !urls.isEmpty else {
            throw AppError.validation(field: "urls", code: "required", message: "Give 1 to \(Self.batchLimit) URLs to check.")
        }
        guard urls.count <= Self.batchLimit else {
            throw AppError.validation(field: "urls", code: "too_many", message: "Check at most \(Self.batchLimit) URLs at a time.")
        }
        var problems: [FieldError] = []
        for (index, url) in urls.enumerated() where url.isEmpty || url.utf8.count > URLParser.maximumLength {
            problems.append(FieldError(field: "urls[\(index)]", code: url.isEmpty ? "required" : "too_long", message: "Give a URL of 1 to \(URLParser.maximumLength) bytes."))
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return try .json(RiskViews.Checks(results: urls.map { RiskViews.Check(url: $0, screening.check($0)) }))
    }

    /// The signed-in person's risk events (flagged links, velocity, far-apart sessions).
    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await events.events(of: try context.personId())
        return try .json(RiskViews.Page(items: found.map(RiskViews.Event.init), next: nil))
    }
}

/// Lets requests through when their API key has any of `scopes`.
struct RequireAnyScope: RouterMiddleware {
    typealias Context = AppRequestContext
    let scopes: [APIScope]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = context.apiKey else { throw AppError.unauthenticated }
        guard scopes.contains(where: key.allows) else { throw AppError.insufficientScope(scopes.map(\.rawValue).joined(separator: "' or '")) }
        return try await next(request, context)
    }
}
