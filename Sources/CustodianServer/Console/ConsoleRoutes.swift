import Foundation
import CustodianCore
import CustodianStore
import Hummingbird

/// Registers console routes behind the console's rules, so no page can forget one: a staff
/// session (else the sign-in page), a chosen password (else the password page), the page's
/// permission (else a 403 page, audited `console.forbidden`), and an audit entry for every page
/// shown (`console.view`, with the route's path — never its query) and every form sent
/// (`console.action`), with the staff actor.
struct ConsoleRoutes: Sendable {
    let group: RouterGroup<AppRequestContext>
    let layout: ConsoleLayout
    let audit: AuditLog

    typealias Handler = @Sendable (ConsoleRequest) async throws -> Response

    /// A page at `/admin/<path>` for holders of `permission`.
    func get(_ path: String, _ permission: StaffPermission, _ handler: @escaping Handler) {
        group.get(RouterPath(path)) { request, context in
            try await guarded(request, context, path: path, permission: permission, action: "console.view", handler)
        }
    }

    /// A form posted to `/admin/<path>` by holders of `permission` (the CSRF token is checked
    /// before this is reached).
    func post(_ path: String, _ permission: StaffPermission, _ handler: @escaping Handler) {
        group.post(RouterPath(path)) { request, context in
            try await guarded(request, context, path: path, permission: permission, action: "console.action", handler)
        }
    }

    private func guarded(
        _ request: Request, _ context: AppRequestContext, path: String, permission: StaffPermission, action: String, _ handler: Handler
    ) async throws -> Response {
        guard let staff = context.staff else {
            let next = request.method == .get ? request.uri.path : "/admin"
            return layout.pages.redirect("/admin/sign-in?next=" + (next.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "/admin"))
        }
        if staff.account.mustChangePassword { return layout.pages.redirect("/admin/password") }
        let console = ConsoleRequest(request: request, context: context, staff: staff, frame: layout.pages.frame(request, context: context))
        let route = "/admin" + (path.isEmpty ? "" : "/" + path)
        guard staff.account.role.allows(permission) else {
            try await audit.record(AuditEvent(
                actor: console.actor, action: "console.forbidden", outcome: "denied", requestId: context.requestId,
                details: ["page": route, "permission": permission.rawValue, "role": staff.account.role.rawValue]))
            return layout.forbidden(console, permission: permission)
        }
        let response = try await handler(console)
        try await audit.record(AuditEvent(
            actor: console.actor, action: action, requestId: context.requestId,
            details: ["page": route, "permission": permission.rawValue, "status": String(response.status.code)]))
        return response
    }
}
