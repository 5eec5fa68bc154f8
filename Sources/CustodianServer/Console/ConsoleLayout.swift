import Foundation
import CustodianCore
import CustodianStore
import Hummingbird

/// The console's frame: the site layout with the console's navigation (only the pages the
/// role may see, the password page and sign-out), and the shared 403 page.
struct ConsoleLayout: Sendable {
    let pages: PageResponder
    let registry: ConsoleRegistry

    /// A full console page.
    func html(_ console: ConsoleRequest, title: String, main: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = pages.html(
            PageLayout.render(title: "\(title) · Console", main: main, navigation: navigation(console)), frame: console.frame, status: status)
        // Console pages show what staff may see; nothing of them is kept by caches.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func navigation(_ console: ConsoleRequest) -> PageNavigation {
        let esc = PageLayout.escape
        var items = ["<li><a href=\"/admin\">Console</a></li>"]
        items += registry.pages(for: console.role).map { "<li><a href=\"\(esc($0.href))\">\(esc($0.title))</a></li>" }
        items.append("<li><a href=\"/admin/password\">Password</a></li>")
        items.append("<li><form method=\"post\" action=\"/admin/sign-out\">\(CSRF.field(console.frame.token))<button type=\"submit\">Sign out</button></form></li>")
        return .console(items.joined(separator: "\n"))
    }

    /// 403: the page exists, the role does not include it.
    func forbidden(_ console: ConsoleRequest, permission: StaffPermission) -> Response {
        let main = """
            <h1>You do not have access to this page</h1>
            <p>Your role (\(PageLayout.escape(console.role.label))) does not include this page. Console roles are given only \
            what their work needs; ask an administrator if yours should include it.</p>
            <p><a href="/admin">Back to the console</a></p>
            """
        return html(console, title: "No access", main: main, status: .forbidden)
    }

    /// A table with a caption; `rows` are already-escaped cells.
    static func table(caption: String, headers: [String], rows: [[String]], empty: String = "Nothing yet.") -> String {
        guard !rows.isEmpty else { return "<p>\(PageLayout.escape(empty))</p>" }
        let head = headers.map { "<th scope=\"col\">\(PageLayout.escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table><caption>\(PageLayout.escape(caption))</caption><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }

    /// `2026-12-02 01:30 UTC` for a time in milliseconds.
    static func time(_ millis: Int64) -> String {
        let iso = ISOTimestamp.string(millis)
        return String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }
}
