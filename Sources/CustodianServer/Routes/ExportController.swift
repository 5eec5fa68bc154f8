import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// `GET /v1/people/me/export`: everything held about the signed-in person — every row of every
/// table that refers to them, sealed values opened — as JSON, or as a readable page for
/// `Accept: text/html` (or `?format=html`). Out-of-scope records come in a section of their own,
/// marked as outside the policy with the clause that says so. Staff fulfilling a request made
/// another way use `GET /v1/admin/people/{id}/export` (scope `admin`). Every export is audited.
struct ExportController {
    let exporter: PersonExporter
    let people: PersonVault
    let outOfScope: OutOfScopeStore
    let gate: PurposeGate
    let policy: Policy
    let pages: PageResponder

    func addRoutes(to router: Router<AppRequestContext>) {
        router.group("v1/people/me").add(middleware: RequireSession()).get("export", use: mine)
        router.group("v1/admin/people").add(middleware: RequireScope(scope: .admin)).get("{person}/export", use: staff)
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        return try await answer(for: person, request: request, context: context)
    }

    @Sendable func staff(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.parameters.require("person")
        guard try await people.exists(person) else { throw AppError.notFound("There is no such person.") }
        return try await answer(for: person, request: request, context: context)
    }

    func answer(for person: String, request: Request, context: AppRequestContext) async throws -> Response {
        let html: Bool
        switch request.uri.queryParameters.get("format") {
        case nil: html = PageLayout.prefersHTML(request)
        case "json": html = false
        case "html": html = true
        default: throw AppError.validation(field: "format", code: "invalid", message: "Give json or html.")
        }
        let export = try await exporter.export(
            of: person, access: gate.subjectAccess(subject: person), actor: context.actor, requestId: context.requestId)
        let section = OutOfScopeViews.ExportSection(try await outOfScope.records(for: person), policy: policy)
        let document = ExportDocument(export: export, outOfScope: section, policyVersion: gate.compiled.version, at: Date())
        var response: Response
        if html {
            let frame = pages.frame(request, context: context)
            response = pages.html(ExportPage.render(document, navigation: frame.navigation), frame: frame)
        } else {
            response = try .json(document)
        }
        // A download: a file name the browser can keep, and never a cached copy elsewhere.
        let name = "custodian-export-\(PageLayout.day(Int64(document.at.timeIntervalSince1970 * 1000))).\(html ? "html" : "json")"
        response.headers[.contentDisposition] = html ? "inline; filename=\"\(name)\"" : "attachment; filename=\"\(name)\""
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// The export as JSON: `format`, `person`, `exportedAt`, `policyVersion`, `tables` (table name →
/// rows, each an object of column → value; withheld values are `{"withheld": reason}`) and
/// `outOfScope`.
struct ExportDocument: Encodable {
    let export: PersonExport
    let outOfScope: OutOfScopeViews.ExportSection
    let policyVersion: String
    let at: Date

    enum Keys: String, CodingKey { case format, person, exportedAt, policyVersion, tables, outOfScope }

    struct TableKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct Row: Encodable {
        let columns: [String]
        let values: [ExportValue]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: TableKey.self)
            for (column, value) in zip(columns, values) { try container.encode(value, forKey: TableKey(stringValue: column)) }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("custodian-export/1", forKey: .format)
        try container.encode(export.person, forKey: .person)
        try container.encode(ISOTimestamp.string(Int64(at.timeIntervalSince1970 * 1000)), forKey: .exportedAt)
        try container.encode(policyVersion, forKey: .policyVersion)
        var tables = container.nestedContainer(keyedBy: TableKey.self, forKey: .tables)
        for table in export.tables {
            try tables.encode(table.rows.map { Row(columns: table.columns, values: $0) }, forKey: TableKey(stringValue: table.name))
        }
        try container.encode(outOfScope, forKey: .outOfScope)
    }
}

/// The readable export: one section per table, each row a list of column and value.
enum ExportPage {
    /// What each table holds, in words; a table not named here is shown by its name.
    static let titles: [String: String] = [
        "people": "Your account",
        "person_attributes": "Your profile and what services and partners gave us",
        "person_keys": "Your encryption key",
        "person_lookup": "Lookup entries (one-way digests of your email and phone)",
        "credentials": "Your password (only that one is set)",
        "sessions": "Sessions",
        "sign_in_events": "Sign-ins",
        "sign_in_challenges": "Sign-in codes sent to you",
        "consent_ledger": "Your consent choices, with their history",
        "policy_acceptances": "Policy versions you accepted",
        "identity_links": "Devices and browser ids linked to you",
        "events": "Pages, screens and events collected",
        "contact_messages": "Messages you sent us",
        "survey_responses": "Surveys you answered",
        "survey_answers": "Your survey answers",
        "outbox": "Messages we sent or will send you",
        "partner_refs": "The pseudonyms partners know you by",
        "partner_shares": "Who was given your data",
        "partner_webhooks": "Notices to partners about you",
        "partner_webhook_attempts": "Deliveries of those notices",
        "risk_events": "Security and fraud signals about your account",
        "url_sightings": "Links you sent that were flagged",
        "out_of_scope_records": "Records outside the policy's scope (see below)",
        "audit_log": "Every recorded action on your data",
    ]

    static func render(_ document: ExportDocument, navigation: PageNavigation) -> String {
        let e = PageLayout.escape
        var main = """
            <h1>Everything we hold about you</h1>
            <p>Exported \(e(ISOTimestamp.string(Int64(document.at.timeIntervalSince1970 * 1000)))) under policy version \
            <code>\(e(String(document.policyVersion.prefix(12))))</code>. The same data as JSON: \
            <a href="?format=json">download the JSON file</a>.</p>
            <nav aria-label="Sections"><ul>
            """
        for table in document.export.tables {
            main += "<li><a href=\"#t-\(e(table.name))\">\(e(titles[table.name] ?? table.name))</a> (\(table.rows.count))</li>"
        }
        main += "<li><a href=\"#out-of-scope\">Outside the policy</a> (\(document.outOfScope.records.count))</li></ul></nav>"
        for table in document.export.tables {
            main += "<section id=\"t-\(e(table.name))\"><h2>\(e(titles[table.name] ?? table.name))</h2>"
            main += "<p><code>\(e(table.name))</code>, \(table.rows.count) \(table.rows.count == 1 ? "record" : "records")</p>"
            for row in table.rows {
                main += "<dl>"
                for (column, value) in zip(table.columns, row) {
                    main += "<dt>\(e(column))</dt><dd>\(e(value.display ?? "—"))</dd>"
                }
                main += "</dl>"
            }
            main += "</section>"
        }
        main += "<section id=\"out-of-scope\"><h2>Records outside the policy</h2><p>\(e(document.outOfScope.note))</p>"
        for record in document.outOfScope.records {
            main += "<dl><dt>kind</dt><dd>\(e(record.kind))</dd>"
            if let clause = record.clause { main += "<dt>why outside the policy</dt><dd>\(e(clause))</dd>" }
            main += "<dt>kept when you are erased</dt><dd>\(record.keptOnErasure ? "yes, detached from you" : "no")</dd>"
            for (name, value) in record.fields.sorted(by: { $0.key < $1.key }) { main += "<dt>\(e(name))</dt><dd>\(e(value))</dd>" }
            main += "</dl>"
        }
        main += "</section>"
        return PageLayout.render(title: "Your data", main: main, navigation: navigation)
    }
}
