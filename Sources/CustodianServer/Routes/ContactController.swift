import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Contact messages to customer service: sent by people and visitors, read by their sender, and
/// handled by staff (scope `admin`). The work is in ``ContactActions``.
struct ContactController {
    let actions: ContactActions

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("v1/contact", use: send)
        router.group("v1/people/me").add(middleware: RequireSession()).get("contact", use: mine)
        let staff = router.group("v1/admin/contact").add(middleware: RequireScope(scope: .admin))
        staff.get(use: list)
        staff.post("search", use: search)
        staff.get("{id}", use: read)
        staff.patch("{id}", use: update)
        staff.delete("{id}", use: erase)
    }

    /// Sends a message: as the signed-in person, or as a visitor with name and email. No policy
    /// acceptance is asked for first: contacting us is how people ask about the policy.
    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: ContactActions.Submission.self, context: context, limit: 256 * 1024)
        let (summary, hold) = try await actions.send(
            body, person: context.session?.personId, remoteIP: context.remoteIP, service: context.apiKey?.serviceId, actor: context.actor,
            requestId: context.requestId)
        return try .json(
            ContactViews.Receipt(
                id: summary.id, status: summary.status.rawValue, topic: summary.topic.rawValue, createdAt: ContactViews.date(summary.createdAt),
                controller: ContactViews.ControllerView(actions.policy), hold: ContactViews.Hold(hold)),
            status: .created)
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let messages = try await actions.mine(try context.personId(), actor: context.actor, requestId: context.requestId)
        return try .json(ContactViews.Page(items: messages.map(ContactViews.Own.init), next: nil))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let status = try Self.choice(request, "status", ContactStatus.self)
        let topic = try Self.choice(request, "topic", ContactTopic.self)
        let limit = Int(try AdminController.queryInt(request, "limit", default: 50, range: 1...200))
        let cursor = try Self.cursor(request)
        let items = try await actions.messages.list(status: status, topic: topic, limit: limit, after: cursor)
        let next = items.count == limit ? items.last.map { PageCursor(createdAt: $0.createdAt, id: $0.id).token } : nil
        return try .json(ContactViews.Page(items: items.map(ContactViews.Summary.init), next: next))
    }

    struct Search: Decodable {
        var email: String?
    }

    /// Finds visitors' messages by email address. A POST, so that the address never appears in a
    /// URL (and so in no access log).
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: Search.self, context: context)
        let found = try await actions.search(email: body.email, actor: context.actor, requestId: context.requestId)
        return try .json(ContactViews.Page(items: found.map(ContactViews.Summary.init), next: nil))
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (message, sender, hold) = try await actions.read(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId)
        var opened = ContactViews.Opened(message, sender: sender)
        opened.hold = ContactViews.Hold(hold)
        return try .json(opened)
    }

    struct Update: Decodable {
        var status: String?
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await request.decodeJSON(as: Update.self, context: context)
        guard let given = body.status else {
            throw AppError.validation(field: "status", code: "required", message: "Give the new status: \(Self.list(ContactStatus.self)).")
        }
        guard let status = ContactStatus(rawValue: given) else {
            throw AppError.validation(field: "status", code: "invalid_choice", message: "Choose one of: \(Self.list(ContactStatus.self)).")
        }
        guard let summary = try await actions.messages.setStatus(id, to: status, actor: context.actor, requestId: context.requestId) else {
            throw AppError.contactNotFound
        }
        return try .json(ContactViews.Summary(summary))
    }

    /// Erases a message (a visitor's by shredding its key), e.g. for an erasure request.
    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await actions.erase(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId) else {
            throw AppError.contactNotFound
        }
        return Response(status: .noContent)
    }

    // MARK: - query parameters

    static func choice<T: RawRepresentable & CaseIterable>(_ request: Request, _ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = request.uri.queryParameters[name[...]] else { return nil }
        guard let value = T(rawValue: String(text)) else {
            throw AppError.validation(field: name, code: "invalid_choice", message: "Choose one of: \(list(T.self)).")
        }
        return value
    }

    static func list<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> String where T.RawValue == String {
        T.allCases.map(\.rawValue).joined(separator: ", ")
    }

    static func cursor(_ request: Request) throws -> PageCursor? {
        guard let text = request.uri.queryParameters["cursor"] else { return nil }
        guard let cursor = PageCursor(token: String(text)) else {
            throw AppError.validation(field: "cursor", code: "invalid", message: "Pass the 'next' value of the previous page.")
        }
        return cursor
    }
}
