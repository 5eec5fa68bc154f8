import CustodianCore
import CustodianStore
import Hummingbird

/// `/admin/people`: support staff look a person up by email address and read their contact
/// details through the purpose gate, for customer service (`essential.service.operations.support`),
/// like every other reader: the gate decides what opens (a denial is audited `gate.deny` and
/// shown), and every reading is audited (`console.person.view`, with the purpose and the
/// categories opened) before it is shown. The address is posted, never put in a URL.
struct ConsolePeoplePages: ConsoleSection {
    let layout: ConsoleLayout
    let people: PersonVault
    let consent: ConsentService
    let audit: AuditLog
    /// What customer service may read of a profile (the purpose may read more, and only these are asked for).
    static let categories = [ContactRules.nameCategory, ContactRules.emailCategory, ContactRules.phoneCategory]

    var pages: [ConsolePage] {
        [ConsolePage(path: "people", title: "Find a person", summary: "Look a person up by email and read their contact details, for customer service.", permission: .lookUpPeople)]
    }

    func addRoutes(to routes: ConsoleRoutes) {
        routes.get("people", .lookUpPeople) { console in page(console, email: nil, errors: FormErrors(), result: "") }
        routes.post("people", .lookUpPeople, lookUp)
    }

    @Sendable func lookUp(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        var request = console.request
        let form = try await PageForm.read(&request)
        var errors = FormErrors()
        guard let given = form.trimmed("email") else {
            errors.fields.append(FieldError(field: "email", code: "required", message: "Give the person's email address."))
            return page(console, email: nil, errors: errors, result: "", status: .unprocessableContent)
        }
        let address: EmailAddress
        switch EmailValidator().validate(given) {
        case .success(let valid): address = valid
        case .failure(let problem):
            errors.fields.append(FieldError(field: "email", code: problem.code.rawValue, message: problem.message))
            return page(console, email: given, errors: errors, result: "", status: .unprocessableContent)
        }
        guard let person = try await people.find(LookupKey(kind: "email", value: address.lookupKey)) else {
            try await audit.record(AuditEvent(
                actor: console.actor, action: "console.person.search", categories: [ContactRules.emailCategory], requestId: console.requestId,
                details: ["found": "0"]))
            return page(console, email: given, errors: errors, result: "<p role=\"status\">No person has this email address.</p>")
        }
        let purpose = ContactRules.purpose
        let access: Access
        do {
            switch try await consent.authorize(person: person, purpose: purpose, categories: Self.categories, actor: console.actor, requestId: console.requestId) {
            case .success(let granted): access = granted
            case .failure(let decision):
                let result = "<p role=\"status\">The purpose gate refused this reading for <code>\(esc(purpose))</code>: \(esc(decision.reason.message)) (<code>\(esc(decision.reason.code.rawValue))</code>).</p>"
                return page(console, email: given, errors: errors, result: result, status: .forbidden)
            }
        } catch ConsentError.unknownPerson {
            return page(console, email: given, errors: errors, result: "<p role=\"status\">No person has this email address.</p>")
        }
        let shown = try await people.attributes(of: person, access: access).filter { Self.categories.contains($0.category) }
        let entry = try await audit.record(AuditEvent(
            actor: console.actor, action: "console.person.view", subject: person, purpose: purpose, categories: Array(Set(shown.map(\.category))).sorted(),
            requestId: console.requestId, details: ["fields": shown.map(\.field).sorted().joined(separator: ",")]))
        let rows = shown.map { ["<code>\(esc($0.field))</code>", esc($0.value), esc($0.source)] }
        let result = """
            <h2>Person <code>\(esc(person))</code></h2>
            \(ConsoleLayout.table(caption: "Contact details, opened for customer service", headers: ["Field", "Value", "Source"], rows: rows, empty: "Nothing of these categories is held."))
            <p>Opened for <code>\(esc(purpose))</code>; recorded as audit entry \(entry.seq).</p>
            """
        return page(console, email: given, errors: errors, result: result)
    }

    func page(_ console: ConsoleRequest, email: String?, errors: FormErrors, result: String, status: HTTPResponse.Status = .ok) -> Response {
        let main = """
            <h1>Find a person</h1>
            <p>For answering a person who contacted customer service. What you read is decided by the purpose gate for \
            <code>\(PageLayout.escape(ContactRules.purpose))</code> and recorded in the audit log.</p>
            \(FormView.summary(errors))
            <form method="post" action="/admin/people" novalidate>
            \(CSRF.field(console.frame.token))
            \(FormView.input("email", label: "Email address", type: "email", value: email, required: true, autocomplete: "off", errors: errors))
            <div class="actions"><button type="submit">Look up</button></div>
            </form>
            \(result)
            """
        return layout.html(console, title: FormView.title("Find a person", errors: errors), main: main, status: status)
    }
}
