import CustodianCore
import CustodianStore
import Hummingbird

/// `/admin/audit`: the audit log, newest first, 50 a page, filtered by actor, action (or an
/// action prefix such as `staff.`) and subject; and the "Verify chain" button, which walks the
/// whole chain as `custodian audit verify` does and says the same.
struct ConsoleAuditPages: ConsoleSection {
    let layout: ConsoleLayout
    let audit: AuditLog
    static let pageSize = 50

    var pages: [ConsolePage] {
        [ConsolePage(path: "audit", title: "Audit log", summary: "Every access and change, newest first, and a check of the hash chain.", permission: .viewAudit)]
    }

    func addRoutes(to routes: ConsoleRoutes) {
        routes.get("audit", .viewAudit, browse)
        routes.post("audit/verify", .verifyAudit, verify)
    }

    @Sendable func browse(_ console: ConsoleRequest) async throws -> Response {
        let before = console.query("before").flatMap { Int64($0) }.flatMap { $0 > 0 ? $0 : nil }
        let filter = AuditLog.Filter(actor: console.query("actor"), action: console.query("action"), subject: console.query("subject"))
        let entries = try await audit.entries(before: before, limit: Self.pageSize, filter: filter)
        return layout.html(console, title: "Audit log", main: render(console, entries: entries, filter: filter, verification: nil))
    }

    @Sendable func verify(_ console: ConsoleRequest) async throws -> Response {
        let result = try await audit.verify()
        let line: String
        let intact: Bool
        switch result {
        case .intact(let entries, _):
            (line, intact) = ("audit chain intact: \(entries) entries", true)
        case .broken(let failure):
            (line, intact) = ("audit chain broken at entry \(failure.entry): \(failure.reason)", false)
        }
        try await audit.record(AuditEvent(actor: console.actor, action: "audit.verify", outcome: intact ? "ok" : "error", requestId: console.requestId))
        let entries = try await audit.entries(before: nil, limit: Self.pageSize)
        return layout.html(
            console, title: intact ? "Audit log" : "Audit log: chain broken",
            main: render(console, entries: entries, filter: AuditLog.Filter(), verification: (line, intact)))
    }

    func render(_ console: ConsoleRequest, entries: [AuditEntry], filter: AuditLog.Filter, verification: (line: String, intact: Bool)?) -> String {
        let esc = PageLayout.escape
        let rows = entries.map { entry in
            [
                String(entry.seq), esc(ConsoleLayout.time(entry.at)), "<code>\(esc(entry.actor))</code>", "<code>\(esc(entry.action))</code>",
                entry.subject.map { "<code>\(esc($0))</code>" } ?? "", esc(entry.purpose ?? ""), esc(entry.categories.joined(separator: ", ")),
                esc(entry.outcome), "<code>\(esc(entry.details))</code>",
            ]
        }
        var query: [String] = []
        if let actor = filter.actor { query.append("actor=" + Self.encode(actor)) }
        if let action = filter.action { query.append("action=" + Self.encode(action)) }
        if let subject = filter.subject { query.append("subject=" + Self.encode(subject)) }
        let older = entries.count == Self.pageSize ? entries.last.map { last in
            "<p><a href=\"/admin/audit?\((query + ["before=\(last.seq)"]).joined(separator: "&amp;"))\">Older entries</a></p>"
        } ?? "" : ""
        let result = verification.map { verification in
            "<p class=\"\(verification.intact ? "notice" : "error-summary")\" role=\"status\"><strong>\(esc(verification.line))</strong></p>"
        } ?? ""
        let verifyForm = console.role.allows(.verifyAudit) ? """
            <form method="post" action="/admin/audit/verify">\(CSRF.field(console.frame.token))<button type="submit">Verify chain</button></form>
            """ : ""
        return """
            <h1>Audit log</h1>
            \(result)
            \(verifyForm)
            <form method="get" action="/admin/audit">
            <div class="field"><label for="field-actor">Actor</label><input type="text" id="field-actor" name="actor" value="\(esc(filter.actor ?? ""))"></div>
            <div class="field"><label for="field-action">Action</label><span class="hint" id="field-action-hint">Exact, or a prefix ending in a dot: staff.</span><input type="text" id="field-action" name="action" value="\(esc(filter.action ?? ""))" aria-describedby="field-action-hint"></div>
            <div class="field"><label for="field-subject">Subject</label><input type="text" id="field-subject" name="subject" value="\(esc(filter.subject ?? ""))"></div>
            <div class="actions"><button type="submit">Filter</button> <a href="/admin/audit">Clear</a></div>
            </form>
            \(ConsoleLayout.table(caption: "Entries, newest first", headers: ["#", "When", "Actor", "Action", "Subject", "Purpose", "Categories", "Outcome", "Details"], rows: rows, empty: "No entry matches."))
            \(older)
            """
    }

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? ""
    }
}
