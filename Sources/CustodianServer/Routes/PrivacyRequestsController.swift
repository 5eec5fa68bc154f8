import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Privacy requests over JSON: filing without signing in (`POST /v1/requests`), the emailed code,
/// following a request with its status token, the export of a completed access request; the
/// signed-in person's own requests; and staff's queue and transitions (scope `admin`). The work is
/// in ``PrivacyRequestActions``.
struct PrivacyRequestsController {
    let actions: PrivacyRequestActions

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("v1/requests", use: file)
        router.get("v1/requests/{id}", use: status)
        router.post("v1/requests/{id}/verify", use: verify)
        router.post("v1/requests/{id}/code", use: resend)
        router.get("v1/requests/{id}/export", use: export)
        let mine = router.group("v1/people/me/requests").add(middleware: RequireSession())
        mine.post(use: fileMine)
        mine.get(use: listMine)
        let staff = router.group("v1/admin/requests").add(middleware: RequireScope(scope: .admin))
        staff.get(use: queue)
        staff.get("{id}", use: show)
        staff.post("{id}/{action}", use: act)
    }

    @Sendable func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: PrivacyRequestActions.Submission.self, context: context, limit: 64 * 1024)
        let filed = try await actions.file(body, remoteIP: context.remoteIP, channel: "api", actor: context.actor, requestId: context.requestId)
        return try .json(PrivacyRequestViews.Filed(filed), status: .accepted, headers: [.cacheControl: "no-store"])
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let summary = try await actions.follow(try context.parameters.require("id"), token: Self.token(request))
        return try .json(PrivacyRequestViews.Status(summary), headers: [.cacheControl: "no-store"])
    }

    struct CodeBody: Decodable {
        var code: String?
    }

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let token = Self.token(request)
        _ = try await actions.follow(id, token: token)
        let body = try await request.decodeJSON(as: CodeBody.self, context: context, limit: 1024)
        let summary = try await actions.verify(id, token: token, code: body.code, requestId: context.requestId)
        return try .json(PrivacyRequestViews.Status(summary), headers: [.cacheControl: "no-store"])
    }

    struct CodeSent: Encodable {
        var codeExpiresAt: Date
    }

    @Sendable func resend(_ request: Request, context: AppRequestContext) async throws -> Response {
        let expires = try await actions.resendCode(try context.parameters.require("id"), token: Self.token(request), requestId: context.requestId)
        return try .json(CodeSent(codeExpiresAt: PrivacyRequestViews.date(expires)), status: .accepted)
    }

    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let bytes = try await actions.download(id, token: Self.token(request), requestId: context.requestId)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"custodian-export-\(id).json\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    @Sendable func fileMine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: PrivacyRequestActions.Submission.self, context: context, limit: 64 * 1024)
        let filed = try await actions.file(body, person: try context.personId(), actor: context.actor, requestId: context.requestId)
        return try .json(PrivacyRequestViews.Filed(filed), status: .accepted, headers: [.cacheControl: "no-store"])
    }

    @Sendable func listMine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let mine = try await actions.requests.requests(of: try context.personId())
        return try .json(["items": mine.map(PrivacyRequestViews.Status.init)])
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let status = try ContactController.choice(request, "status", PrivacyRequestStatus.self)
        let limit = Int(try AdminController.queryInt(request, "limit", default: 100, range: 1...500))
        let items = try await actions.queue(status: status, limit: limit)
        let now = actions.consent.now()
        return try .json(PrivacyRequestViews.Queue(items: items.map { PrivacyRequestViews.Queued($0, now: now) }))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let view = try await actions.show(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId)
        return try .json(PrivacyRequestViews.Detail(view, now: actions.consent.now()), headers: [.cacheControl: "no-store"])
    }

    struct NoteBody: Decodable {
        var note: String?
    }

    @Sendable func act(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let action = PrivacyRequestActions.StaffAction(rawValue: try context.parameters.require("action")) else {
            throw AppError.notFound("Take one of: approve, deny, start, complete.")
        }
        let note = request.headers[.contentLength] == "0" ? nil : try await request.decodeJSON(as: NoteBody.self, context: context, limit: 16 * 1024).note
        let summary = try await actions.act(
            try context.parameters.require("id"), action: action, note: note, actor: context.actor, requestId: context.requestId)
        return try .json(PrivacyRequestViews.Queued(summary, now: actions.consent.now()))
    }

    /// The status token from `Authorization: Bearer prq_…`.
    static func token(_ request: Request) -> String? {
        APIKeyAuthenticator.bearerToken(request.headers[.authorization]).flatMap { $0.hasPrefix(PrivacyRequestStore.tokenPrefix) ? $0 : nil }
    }
}
