import CustodianCore
import CustodianStore

extension RequestFormPage {
    func render() -> String {
        let esc = PageLayout.escape
        let (kindLines, _) = FormView.described("kind", hint: nil, errors: errors)
        let kindError = errors["kind"] == nil ? "" : " \(FormView.id("kind"))-error"
        let kindInvalid = errors["kind"] == nil ? "" : " aria-invalid=\"true\""
        let radios = Self.kinds.enumerated().map { index, choice in
            let (value, label, hint) = choice
            let id = index == 0 ? FormView.id("kind") : FormView.id("kind-\(value.rawValue)")
            let checked = kind == value.rawValue ? " checked" : ""
            return """
                <div class="choice"><input type="radio" id="\(esc(id))" name="kind" value="\(esc(value.rawValue))" required\(checked)\(kindInvalid) \
                aria-describedby="\(esc(id))-hint\(esc(kindError))"> <label for="\(esc(id))">\(esc(label))</label> \
                <span class="hint" id="\(esc(id))-hint">\(esc(hint))</span></div>
                """
        }.joined(separator: "\n")
        let (detailLines, detailDescribed) = FormView.described(
            "details", hint: "Needed for a correction: what is wrong, and what it should be. At most 5,000 characters.", errors: errors)
        let purposes = [("", "No particular use")] + objectable
        let main = """
            <h1>Ask about your data</h1>
            <p>You can ask for a copy of the data held about you, for it to be corrected or erased, or for a use of it to stop. \
            We answer within \(deadlineDays) days. If you have an account, you can also <a href="/signin?next=%2Faccount">sign in</a> \
            and do most of this yourself.</p>
            <p>We email a one-time code to the address you give, to check that the request is yours. \
            Nothing happens until the code is entered.</p>
            \(FormView.summary(errors))
            <form method="post" action="/privacy/requests" novalidate>
            \(CSRF.field(frame.token))
            \(FormView.requiredNote)
            <fieldset class="field"><legend>What are you asking for? <span class="required" aria-hidden="true">*</span></legend>
            \(kindLines)
            \(radios)
            </fieldset>
            \(FormView.input("email", label: "Your email address", type: "email", value: email, required: true, autocomplete: "email", hint: "The address your account uses, if you have one.", errors: errors))
            <div class="field">\(FormView.label("details", "Details", required: false))\(detailLines)<textarea id="\(esc(FormView.id("details")))" name="details" rows="5"\(detailDescribed)>\(esc(details ?? ""))</textarea></div>
            \(FormView.select("purpose", label: "For an objection: the use to stop", options: purposes, selected: purpose, errors: errors))
            <div class="actions"><button type="submit">Send the request</button></div>
            </form>
            """
        return PageLayout.render(title: FormView.title("Ask about your data", errors: errors), main: main, navigation: frame.navigation)
    }
}

extension RequestStatusPage {
    func render() -> String {
        let esc = PageLayout.escape
        let id = esc(summary.id)
        let notice = notice.map { "<p role=\"status\" class=\"notice\">\(esc($0))</p>" } ?? ""
        var main: String
        if summary.status == .identityUnverified {
            main = """
                <h1>Enter the code we emailed you</h1>
                \(notice)
                <p>If the address you gave has an account with us, we have emailed it a one-time code. It works for \
                \(PrivacyRequestStore.codeLifetimeMillis / 60_000) minutes. Your request goes ahead once the code is entered.</p>
                \(FormView.summary(errors))
                <form method="post" action="/privacy/requests/\(id)/verify" novalidate>
                \(CSRF.field(frame.token))
                \(FormView.input("code", label: "Code", type: "text", value: nil, required: true, autocomplete: "one-time-code", hint: "Six digits, from the email.", errors: errors))
                <div class="actions"><button type="submit">Confirm the request</button></div>
                </form>
                <form method="post" action="/privacy/requests/\(id)/code">
                \(CSRF.field(frame.token))
                <div class="actions"><button type="submit" class="secondary">Send a new code</button></div>
                </form>
                """
        } else {
            var rows = [
                ("Request", esc(RequestFormPage.kinds.first { $0.0 == summary.kind }?.1 ?? summary.kind.rawValue)),
                ("Status", esc(Self.label(summary.status))),
                ("Received", esc(PageLayout.day(summary.createdAt))),
                ("We answer by", esc(PageLayout.day(summary.dueAt))),
            ]
            if let outcome = Self.outcome(summary.outcome) { rows.append(("Result", esc(outcome))) }
            let list = rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined()
            var download = ""
            if summary.status == .complete, summary.hasResult, (summary.resultExpiresAt ?? 0) > now {
                download = "<p><a href=\"/privacy/requests/\(id)/export\" download>Download your data (JSON)</a> — until \(esc(PageLayout.day(summary.resultExpiresAt ?? now))).</p>"
            }
            main = """
                <h1>Your request</h1>
                \(notice)
                <dl>\(list)</dl>
                \(download)
                <p>Keep this page's address: this browser can come back to it. We never show the email address you gave.</p>
                """
        }
        let title = summary.status == .identityUnverified ? "Confirm your request" : "Your request"
        return PageLayout.render(title: FormView.title(title, errors: errors), main: main, navigation: frame.navigation)
    }
}

/// The page for a request this browser does not hold the token of (or that does not exist).
enum RequestMissingPage {
    static func render(_ frame: PageFrame) -> String {
        PageLayout.render(
            title: "Request not found",
            main: """
                <h1>We cannot find this request</h1>
                <p>A request can be followed only from the browser it was made in. \
                You can <a href="/privacy/requests">make a new request</a>.</p>
                """,
            navigation: frame.navigation)
    }
}
