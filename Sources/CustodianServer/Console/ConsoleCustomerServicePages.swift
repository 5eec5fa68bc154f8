import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// `/admin/contact` (messages to customer service; one opens through the purpose gate, audited
/// `contact.read`, exactly as `GET /v1/admin/contact/{id}` does) and `/admin/surveys` (surveys
/// and their counted results, never a response's text).
struct ConsoleCustomerServicePages: ConsoleSection {
    let layout: ConsoleLayout
    let contact: ContactActions
    let messages: ContactMessageStore
    let surveys: SurveyStore

    var pages: [ConsolePage] {
        [
            ConsolePage(path: "contact", title: "Contact messages", summary: "Messages to customer service; each opens through the purpose gate.", permission: .viewContactMessages),
            ConsolePage(path: "surveys", title: "Surveys", summary: "Surveys and their counted results.", permission: .viewSurveys),
        ]
    }

    func addRoutes(to routes: ConsoleRoutes) {
        routes.get("contact", .viewContactMessages, list)
        routes.get("contact/{id}", .viewContactMessages, read)
        routes.get("surveys", .viewSurveys, surveyList)
        routes.get("surveys/{id}", .viewSurveys, results)
    }

    @Sendable func list(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let status = console.query("status").flatMap(ContactStatus.init(rawValue:))
        let found = try await messages.list(status: status, limit: 100)
        let rows = found.map { message in
            [
                "<a href=\"/admin/contact/\(esc(message.id))\">\(esc(ConsoleLayout.time(message.createdAt)))</a>", esc(message.topic.rawValue),
                esc(message.status.rawValue), message.isFromVisitor ? "Visitor" : "Person",
            ]
        }
        let options = ([("", "Any status")] + ContactStatus.allCases.map { ($0.rawValue, $0.rawValue) })
        let main = """
            <h1>Contact messages</h1>
            <form method="get" action="/admin/contact">
            \(FormView.select("status", label: "Status", options: options, selected: status?.rawValue, errors: FormErrors()))
            <div class="actions"><button type="submit">Filter</button></div>
            </form>
            \(ConsoleLayout.table(caption: "The 100 newest messages", headers: ["Received", "Topic", "Status", "From"], rows: rows, empty: "No message."))
            """
        return layout.html(console, title: "Contact messages", main: main)
    }

    @Sendable func read(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let id = try console.context.parameters.require("id")
        let opened: (message: ContactMessage, sender: ContactVisitorDetails, hold: [URLRiskReason])
        do {
            opened = try await contact.read(id, actor: console.actor, requestId: console.requestId)
        } catch let error as AppError where error.status == .notFound || error.status == .forbidden {
            let main = "<h1>Message not shown</h1><p>\(esc(error.message))</p><p><a href=\"/admin/contact\">All messages</a></p>"
            return layout.html(console, title: "Message not shown", main: main, status: error.status)
        }
        let message = opened.message
        let sender = [("Name", opened.sender.name), ("Email", opened.sender.email), ("Phone", opened.sender.phone)]
            .compactMap { label, value in value.map { "<dt>\(label)</dt><dd>\(esc($0))</dd>" } }.joined()
        let hold = opened.hold.isEmpty ? "" : "<p class=\"notice\">Held: \(esc(opened.hold.map(\.code).joined(separator: ", ")))</p>"
        let main = """
            <h1>\(esc(message.subject))</h1>
            <p>\(esc(message.summary.topic.rawValue)) · \(esc(message.summary.status.rawValue)) · received \(esc(ConsoleLayout.time(message.summary.createdAt)))</p>
            \(hold)
            <dl>\(sender)</dl>
            <div class="message-body"><p>\(esc(message.body).replacingOccurrences(of: "\n", with: "<br>"))</p></div>
            <p>Opened for <code>\(esc(ContactRules.purpose))</code>; this reading is in the audit log.</p>
            <p><a href="/admin/contact">All messages</a></p>
            """
        return layout.html(console, title: "Contact message", main: main)
    }

    @Sendable func surveyList(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let counts = try await surveys.responseCounts()
        let rows = try await surveys.list().map { survey in
            ["<a href=\"/admin/surveys/\(esc(survey.id))\">\(esc(survey.title))</a>", esc(survey.status.rawValue), String(counts[survey.id] ?? 0)]
        }
        let main = """
            <h1>Surveys</h1>
            \(ConsoleLayout.table(caption: "Surveys", headers: ["Title", "Status", "Responses"], rows: rows, empty: "No survey."))
            """
        return layout.html(console, title: "Surveys", main: main)
    }

    @Sendable func results(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let id = try console.context.parameters.require("id")
        guard let survey = try await surveys.find(id) else {
            return layout.html(console, title: "No such survey", main: "<h1>No such survey</h1><p><a href=\"/admin/surveys\">All surveys</a></p>", status: .notFound)
        }
        let results = try await surveys.results(of: survey)
        let sections = results.questions.map { question -> String in
            let prompt = survey.question(question.id)?.prompt ?? question.id
            var lines: [String] = []
            for option in question.options ?? [] {
                let label = survey.question(question.id)?.options?.first { $0.id == option.option }?.label ?? option.option
                lines.append("<li>\(esc(label)): \(option.count)</li>")
            }
            for value in question.distribution ?? [] { lines.append("<li>\(value.value): \(value.count)</li>") }
            if let mean = question.mean { lines.append("<li>Mean: \(String(format: "%.2f", mean))</li>") }
            if let text = question.textAnswers { lines.append("<li>Written answers: \(text)</li>") }
            return "<h2>\(esc(prompt))</h2><p>\(question.answered) answered.</p><ul>\(lines.joined())</ul>"
        }.joined(separator: "\n")
        let main = """
            <h1>\(esc(survey.title))</h1>
            <p>\(results.responses) responses · \(esc(survey.status.rawValue))</p>
            \(sections)
            <p><a href="/admin/surveys">All surveys</a></p>
            """
        return layout.html(console, title: survey.title, main: main)
    }
}
