import Foundation
import CustodianCore
import CustodianStore
import Hummingbird

/// One page of the console as the navigation and the dashboard list it: where it is, what it is
/// called, and the permission a role must hold to see it.
struct ConsolePage: Sendable, Equatable {
    /// The path under `/admin` (`"audit"` is `/admin/audit`).
    var path: String
    var title: String
    /// One line for the dashboard.
    var summary: String
    var permission: StaffPermission

    var href: String { "/admin/" + path }
}

/// A part of the console: the pages it adds to the navigation and the routes that serve them.
///
/// Adding a console page is writing one of these and listing it in
/// `Application+console.swift`; see docs/console.md.
protocol ConsoleSection: Sendable {
    /// Pages listed in the navigation (a section may also serve pages it does not list).
    var pages: [ConsolePage] { get }
    func addRoutes(to routes: ConsoleRoutes)
}

/// Every page of the console, in navigation order.
struct ConsoleRegistry: Sendable {
    let pages: [ConsolePage]

    init(sections: [any ConsoleSection]) {
        pages = sections.flatMap(\.pages)
    }

    /// The pages `role` may see.
    func pages(for role: StaffRole) -> [ConsolePage] {
        pages.filter { role.allows($0.permission) }
    }
}

/// What one console handler knows: the request, the signed-in staff member and the page frame.
struct ConsoleRequest: Sendable {
    var request: Request
    var context: AppRequestContext
    var staff: StaffSignedIn
    var frame: PageFrame

    /// The audit actor (`staff:<id>`).
    var actor: String { staff.account.actor }
    var requestId: String { context.requestId }
    var role: StaffRole { staff.account.role }

    /// A query parameter, trimmed; nil when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = request.uri.queryParameters[name[...]].map(String.init)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}
