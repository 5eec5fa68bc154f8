import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// `/admin/comments`: the moderation queue ("Leave a Reply" and `POST /v1/comments`) — name,
/// website and body, never the address — with approve, reject and spam buttons, through
/// ``CommentActions`` (each step audited, as the `/v1/admin/comments` API does).
struct ConsoleCommentPages: ConsoleSection {
    let layout: ConsoleLayout
    let comments: CommentActions

    var pages: [ConsolePage] {
        [ConsolePage(path: "comments", title: "Comments", summary: "The moderation queue: first comments and held links.", permission: .moderateComments)]
    }

    func addRoutes(to routes: ConsoleRoutes) {
        routes.get("comments", .moderateComments, queue)
        for (action, _, status) in Self.actions {
            routes.post("comments/{id}/\(action)", .moderateComments) { console in
                let id = try console.context.parameters.require("id")
                do {
                    _ = try await comments.moderate(id, to: status, actor: console.actor, requestId: console.requestId)
                } catch let error as AppError where error.status == .notFound {
                    return layout.html(console, title: "No such comment", main: "<h1>No such comment</h1><p><a href=\"/admin/comments\">The queue</a></p>", status: .notFound)
                }
                return layout.pages.redirect("/admin/comments?done=\(action)")
            }
        }
    }

    /// The moderation steps: path, button, the status they set.
    static let actions: [(path: String, label: String, status: CommentStatus)] = [
        ("approve", "Approve", .approved), ("reject", "Reject", .rejected), ("spam", "Spam", .spam),
    ]

    @Sendable func queue(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let status = console.query("status").flatMap(CommentStatus.init(rawValue:)) ?? .pending
        let (items, _) = try await comments.queue(status: status, page: nil, limit: 100, after: nil, actor: console.actor, requestId: console.requestId)
        var rows: [[String]] = []
        for record in items {
            let id = esc(record.summary.id)
            let hold = status == .spam ? (try await comments.holdReasons(record.summary.id)).map(\.code).joined(separator: ", ") : ""
            let buttons = Self.actions.filter { $0.status != status }
                .map { "<form method=\"post\" action=\"/admin/comments/\(id)/\($0.path)\">\(CSRF.field(console.frame.token))<button type=\"submit\" class=\"button-secondary\">\($0.label)</button></form>" }
                .joined()
            let content = record.content
            rows.append([
                esc(ConsoleLayout.time(record.summary.createdAt)), esc(record.summary.page),
                esc(content?.name ?? "(erased)") + (content?.website.map { "<br><span class=\"hint\">\(esc($0))</span>" } ?? ""),
                esc(content?.body ?? "") + (hold.isEmpty ? "" : "<br><span class=\"hint\">Held: \(esc(hold))</span>"),
                buttons,
            ])
        }
        let options = CommentStatus.allCases.map { ($0.rawValue, $0.rawValue.capitalizedFirst) }
        let done = console.query("done").map { "<p class=\"notice\" role=\"status\">Done: \(esc($0)).</p>" } ?? ""
        let main = """
            <h1>Comments</h1>
            \(done)
            <p>A first comment from an address waits here; once one is approved, that address's later comments are published at once. A comment with a link the risky-URL registry flags is held as spam. Commenters' email addresses are never shown.</p>
            <form method="get" action="/admin/comments">
            \(FormView.select("status", label: "Show", options: options, selected: status.rawValue, errors: FormErrors()))
            <div class="actions"><button type="submit">Show</button></div>
            </form>
            \(ConsoleLayout.table(caption: "\(status.rawValue.capitalizedFirst) comments, newest first", headers: ["Posted", "Page", "Name", "Comment", ""], rows: rows, empty: "No comment."))
            """
        return layout.html(console, title: "Comments", main: main)
    }
}

/// `/admin/requests`: privacy requests by deadline (overdue first flagged), one request with its
/// details and history, and the staff steps — approve, deny, start, complete — through
/// ``PrivacyRequestActions`` (completing does the work: export, erasure, objection recorded).
struct ConsoleRequestPages: ConsoleSection {
    let layout: ConsoleLayout
    let requests: PrivacyRequestActions
    let now: @Sendable () -> Int64

    var pages: [ConsolePage] {
        [ConsolePage(path: "requests", title: "Privacy requests", summary: "Access, correction, erasure and objection requests, by deadline.", permission: .handleRequests)]
    }

    func addRoutes(to routes: ConsoleRoutes) {
        routes.get("requests", .handleRequests, queue)
        routes.get("requests/{id}", .handleRequests, show)
        routes.post("requests/{id}/transition", .handleRequests, transition)
    }

    static func label(_ status: PrivacyRequestStatus) -> String { status.rawValue.replacingOccurrences(of: "_", with: " ") }

    @Sendable func queue(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let status = console.query("status").flatMap(PrivacyRequestStatus.init(rawValue:))
        let time = now()
        let rows = try await requests.queue(status: status, limit: 200).map { request in
            [
                "<a href=\"/admin/requests/\(esc(request.id))\">\(esc(String(request.id.prefix(8))))</a>", esc(request.kind.rawValue),
                esc(Self.label(request.status)), esc(ConsoleLayout.time(request.createdAt)),
                esc(PageLayout.day(request.dueAt)) + (request.isOverdue(at: time) ? " <strong class=\"field-error\">overdue</strong>" : ""),
            ]
        }
        let options = [("", "Any status")] + PrivacyRequestStatus.allCases.map { ($0.rawValue, Self.label($0)) }
        let main = """
            <h1>Privacy requests</h1>
            <form method="get" action="/admin/requests">
            \(FormView.select("status", label: "Status", options: options, selected: status?.rawValue, errors: FormErrors()))
            <div class="actions"><button type="submit">Filter</button></div>
            </form>
            \(ConsoleLayout.table(caption: "Requests, soonest due first", headers: ["Request", "Kind", "Status", "Filed", "Due"], rows: rows, empty: "No request."))
            """
        return layout.html(console, title: "Privacy requests", main: main)
    }

    @Sendable func show(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let id = try console.context.parameters.require("id")
        let view: PrivacyRequestActions.StaffView
        do {
            view = try await requests.show(id, actor: console.actor, requestId: console.requestId)
        } catch let error as AppError where error.status == .notFound {
            return layout.html(console, title: "No such request", main: "<h1>No such request</h1><p><a href=\"/admin/requests\">All requests</a></p>", status: .notFound)
        }
        let summary = view.summary
        let steps = PrivacyRequestActions.StaffAction.allCases.filter { summary.status.allows($0.status) }
        let history = view.history.map {
            [esc(ConsoleLayout.time($0.at)), esc($0.actor), esc($0.from.map(Self.label) ?? "—"), esc(Self.label($0.to)), esc($0.note ?? "")]
        }
        let form = steps.isEmpty ? "<p>This request is closed.</p>" : """
            <form method="post" action="/admin/requests/\(esc(summary.id))/transition">
            \(CSRF.field(console.frame.token))
            \(FormView.select("action", label: "Next step", options: steps.map { ($0.rawValue, $0.rawValue.capitalizedFirst) }, selected: nil, errors: FormErrors()))
            \(FormView.textarea("note", label: "Note (kept with the request, shown to staff)", value: nil, rows: 3, maxLength: 2_000, errors: FormErrors()))
            <div class="actions"><button type="submit">Record the step</button></div>
            </form>
            """
        let main = """
            <h1>\(esc(summary.kind.rawValue.capitalizedFirst)) request \(esc(String(summary.id.prefix(8))))</h1>
            <dl class="profile">
            <dt>Status</dt><dd>\(esc(Self.label(summary.status)))\(summary.outcome.map { " (\(esc($0)))" } ?? "")</dd>
            <dt>Filed</dt><dd>\(esc(ConsoleLayout.time(summary.createdAt))) via \(esc(summary.channel))</dd>
            <dt>Due</dt><dd>\(esc(PageLayout.day(summary.dueAt)))\(summary.isOverdue(at: now()) ? " — overdue" : "")</dd>
            <dt>Person</dt><dd>\(summary.personId.map { esc($0) } ?? "not identified")</dd>
            \(summary.purpose.map { "<dt>Purpose</dt><dd>\(esc($0))</dd>" } ?? "")
            </dl>
            <h2>What the requester wrote</h2>
            <p>\(view.details.map { esc($0).replacingOccurrences(of: "\n", with: "<br>") } ?? "<span class=\"hint\">Nothing.</span>")</p>
            <h2>Next step</h2>
            \(form)
            <h2>History</h2>
            \(ConsoleLayout.table(caption: "Every step, oldest first", headers: ["When", "By", "From", "To", "Note"], rows: history))
            <p><a href="/admin/requests">All requests</a></p>
            """
        return layout.html(console, title: "Privacy request", main: main)
    }

    @Sendable func transition(_ console: ConsoleRequest) async throws -> Response {
        let id = try console.context.parameters.require("id")
        var request = console.request
        let form = try await PageForm.read(&request)
        guard let action = form["action"].flatMap(PrivacyRequestActions.StaffAction.init(rawValue:)) else {
            throw AppError.validation(field: "action", code: "invalid_choice", message: "Choose approve, deny, start or complete.")
        }
        let note = form["note"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        _ = try await requests.act(id, action: action, note: note, actor: console.actor, requestId: console.requestId)
        return layout.pages.redirect("/admin/requests/\(id)")
    }
}
