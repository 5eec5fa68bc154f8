import CustodianCore
import CustodianStore
import Hummingbird

/// `/admin/staff` (administrators): console accounts with their roles, and disabling or
/// re-enabling one (which ends its sessions). Accounts are created with `custodian admin create`,
/// which prints the one-time password on the operator's terminal rather than in a page.
struct ConsoleStaffPages: ConsoleSection {
    let layout: ConsoleLayout
    let staff: StaffStore

    var pages: [ConsolePage] {
        [ConsolePage(path: "staff", title: "Staff", summary: "Console accounts and their roles.", permission: .manageStaff)]
    }

    func addRoutes(to routes: ConsoleRoutes) {
        routes.get("staff", .manageStaff, list)
        routes.post("staff/{id}/disable", .manageStaff) { console in try await setDisabled(console, true) }
        routes.post("staff/{id}/enable", .manageStaff) { console in try await setDisabled(console, false) }
    }

    @Sendable func list(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        var rows: [[String]] = []
        for account in try await staff.list() {
            let email = try await staff.email(of: account.id) ?? ""
            let action = account.isDisabled ? "enable" : "disable"
            let button = account.id == console.staff.account.id ? "(you)" : """
                <form method="post" action="/admin/staff/\(esc(account.id))/\(action)">\(CSRF.field(console.frame.token))<button type="submit">\(account.isDisabled ? "Enable" : "Disable")</button></form>
                """
            rows.append([
                esc(email), esc(account.role.label), account.isDisabled ? "Disabled" : (account.mustChangePassword ? "Waiting for first sign-in" : "Active"),
                account.lastSignInAt.map { esc(ConsoleLayout.time($0)) } ?? "Never", button,
            ])
        }
        let main = """
            <h1>Staff</h1>
            <p>Create an account on the server with <code>custodian admin create --email ADDRESS --role ROLE</code> \
            (roles: \(esc(StaffRole.choices))); it prints a one-time password that must be changed at the first sign-in.</p>
            \(ConsoleLayout.table(caption: "Console accounts", headers: ["Email", "Role", "Status", "Last sign-in", ""], rows: rows))
            """
        return layout.html(console, title: "Staff", main: main)
    }

    func setDisabled(_ console: ConsoleRequest, _ disabled: Bool) async throws -> Response {
        let id = try console.context.parameters.require("id")
        guard id != console.staff.account.id else { return layout.pages.redirect("/admin/staff") }
        guard try await staff.setDisabled(id: id, disabled, actor: console.actor, requestId: console.requestId) != nil else {
            return layout.html(console, title: "No such account", main: "<h1>No such account</h1><p><a href=\"/admin/staff\">Staff</a></p>", status: .notFound)
        }
        return layout.pages.redirect("/admin/staff")
    }
}
