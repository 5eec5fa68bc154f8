import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Comments through the JSON API: posted by anyone (linked to the signed-in person), read as
/// published lists per page, and moderated by staff (scope `admin`). The work is in
/// ``CommentActions``; the form under `/privacy` is ``CommentPages``.
struct CommentsController {
    let actions: CommentActions

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("v1/comments", use: post)
        router.get("v1/comments", use: list)
        let staff = router.group("v1/admin/comments").add(middleware: RequireScope(scope: .admin))
        staff.get(use: queue)
        staff.post("{id}/approve", use: approve)
        staff.post("{id}/reject", use: reject)
        staff.post("{id}/spam", use: spam)
        staff.delete("{id}", use: erase)
    }

    /// Posts a comment (JSON). No policy acceptance is asked for first: the form sits under the
    /// policy itself, for readers without an account.
    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: CommentActions.Submission.self, context: context, limit: 64 * 1024)
        let summary = try await actions.post(
            body, person: context.session?.personId, remoteIP: context.remoteIP, actor: context.actor, requestId: context.requestId)
        return try .json(CommentViews.Receipt(summary), status: .created)
    }

    /// Published comments of `page`, newest first, `limit` (1–100, default 20) after `cursor`.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let given = request.uri.queryParameters["page"] else {
            throw AppError.validation(field: "page", code: "required", message: "Name the page whose comments to list, e.g. page=/privacy.")
        }
        let page = try Self.page(String(given))
        let limit = Int(try AdminController.queryInt(request, "limit", default: 20, range: 1...100))
        let (items, next) = try await actions.published(page: page, limit: limit, after: try ContactController.cursor(request))
        return try .json(CommentViews.PublishedPage(page: page, items: items.compactMap(CommentViews.Published.init), next: next?.token))
    }

    /// The moderation queue: `status` (default `pending`; `all` for every status), optionally one
    /// `page`, `limit` (1–200, default 50) after `cursor`.
    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        var status: CommentStatus? = .pending
        if let given = request.uri.queryParameters["status"] {
            if given == "all" {
                status = nil
            } else {
                guard let known = CommentStatus(rawValue: String(given)) else {
                    throw AppError.validation(field: "status", code: "invalid_choice", message: "Choose one of: all, \(ContactController.list(CommentStatus.self)).")
                }
                status = known
            }
        }
        let page = try request.uri.queryParameters["page"].map { try Self.page(String($0)) }
        let limit = Int(try AdminController.queryInt(request, "limit", default: 50, range: 1...200))
        let (items, next) = try await actions.queue(
            status: status, page: page, limit: limit, after: try ContactController.cursor(request), actor: context.actor, requestId: context.requestId)
        return try .json(ContactViews.Page(items: items.map(CommentViews.Moderated.init), next: next?.token))
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(CommentViews.Moderated(try await actions.approve(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId)))
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(CommentViews.Moderated(try await actions.reject(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId)))
    }

    @Sendable func spam(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(CommentViews.Moderated(try await actions.markSpam(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId)))
    }

    /// Erases a comment for good (its key shredded), e.g. for an erasure request.
    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await actions.erase(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId)
        return Response(status: .noContent)
    }

    static func page(_ text: String) throws -> String {
        switch CommentRules.page(text) {
        case .success(let page): return page
        case .failure(let problem): throw AppError.validation(field: problem.field, code: problem.code, message: problem.message)
        }
    }
}
