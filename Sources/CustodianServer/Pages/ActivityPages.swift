import CustodianCore
import CustodianStore

/// `/account/activity`: recent sign-ins with how risky each looked and why, the sessions that are
/// signed in (each can be ended), and the security events that concern the person.
struct ActivityPage: Sendable {
    var frame: PageFrame
    var signIns: [SignInEvent]
    var sessions: [Session]
    var currentSession: String?
    var riskEvents: [RiskEvent]
    var notice: String?

    static func outcome(_ raw: String) -> String {
        switch raw {
        case "success": "Signed in"
        case "failure": "Wrong password"
        case "step_up": "Asked for an emailed code"
        case "step_up_failed": "Wrong code"
        case "deny": "Refused as too risky"
        case "locked": "Refused: too many attempts"
        default: raw
        }
    }

    static func reason(_ raw: String) -> String { raw.replacingOccurrences(of: "_", with: " ") }

    func render() -> String {
        let esc = PageLayout.escape
        var main = ["<h1>Sign-ins and security</h1>", notice.map { "<p class=\"notice\" role=\"status\">\(esc($0))</p>" } ?? ""]
        main.append("<section aria-labelledby=\"signins-title\"><h2 id=\"signins-title\">Recent sign-ins</h2>")
        if signIns.isEmpty {
            main.append("<p class=\"hint\">No sign-in recorded.</p>")
        } else {
            main.append("<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">What happened</th><th scope=\"col\">From</th><th scope=\"col\">Risk</th></tr></thead><tbody>")
            for event in signIns {
                let from = [event.network, event.country].compactMap { $0 }.joined(separator: ", ")
                let risk = event.reasons.isEmpty ? String(event.score) : "\(event.score): " + event.reasons.map(Self.reason).joined(separator: ", ")
                main.append("<tr><td>\(esc(PrivacyCentreMenu.time(event.at)))</td><td>\(esc(Self.outcome(event.outcome)))</td><td>\(esc(from.isEmpty ? "unknown" : from))</td><td>\(esc(risk))</td></tr>")
            }
            main.append("</tbody></table>")
        }
        main.append("<p>Not you? End the sessions you do not know below, then change your password in the app (or with <code>PUT /v1/people/me/password</code>): that ends every other session too.</p></section>")
        main.append("<section aria-labelledby=\"sessions-title\"><h2 id=\"sessions-title\">Where you are signed in</h2>")
        let live = sessions.filter { $0.revokedAt == nil }
        if live.isEmpty {
            main.append("<p class=\"hint\">No open session.</p>")
        } else {
            main.append("<ul class=\"sessions\">")
            for session in live {
                let this = session.id == currentSession ? " <strong>(this browser)</strong>" : ""
                let place = [session.channel == "web" ? "Browser" : "App or API", session.network].compactMap { $0 }.joined(separator: " · ")
                main.append("""
                    <li>\(esc(place))\(this) — since \(esc(PrivacyCentreMenu.time(session.createdAt))), last used \(esc(PrivacyCentreMenu.time(session.lastSeenAt)))
                    <form method="post" action="/account/sessions/\(esc(session.id))/end">\(CSRF.field(frame.token))<button type="submit" class="button-secondary">End this session</button></form></li>
                    """)
            }
            main.append("</ul>")
        }
        main.append("</section>")
        main.append("<section aria-labelledby=\"risk-title\"><h2 id=\"risk-title\">Security events about you</h2>")
        if riskEvents.isEmpty {
            main.append("<p class=\"hint\">None. We record one when something looks like fraud or an attack on your account.</p>")
        } else {
            main.append("<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th><th scope=\"col\">Score</th><th scope=\"col\">Why</th></tr></thead><tbody>")
            for event in riskEvents {
                main.append("<tr><td>\(esc(PrivacyCentreMenu.time(event.createdAt)))</td><td>\(esc(Self.reason(event.kind)))</td><td>\(event.score)</td><td>\(esc(event.reasons.map(Self.reason).joined(separator: ", ")))</td></tr>")
            }
            main.append("</tbody></table>")
        }
        main.append("</section>")
        return PrivacyCentreMenu.page(title: "Sign-ins and security", current: "/account/activity", main: main.joined(separator: "\n"), frame: frame)
    }
}

/// `/account/sharing`: every time something about the person went to a partner — who, for which
/// use, which kinds of data, how — and what partners sent back.
struct SharingPage: Sendable {
    var frame: PageFrame
    var shares: [ShareEntry]
    var categoryLabels: [String: String]
    var purposeTitles: [String: String]
    var partnerAttributes: [PersonSummary.Attribute]

    func render() -> String {
        let esc = PageLayout.escape
        var main = [
            "<h1>Sharing with partners</h1>",
            "<p>We share with a partner only what a use you allowed needs, and record every time we do. To stop it, turn the use off in <a href=\"/account/choices\">your choices</a>.</p>",
            "<section aria-labelledby=\"shared-title\"><h2 id=\"shared-title\">What we shared</h2>",
        ]
        if shares.isEmpty {
            main.append("<p class=\"hint\">Nothing about you has been shared with a partner.</p>")
        } else {
            main.append("<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">With</th><th scope=\"col\">For</th><th scope=\"col\">What</th><th scope=\"col\">How</th></tr></thead><tbody>")
            for share in shares {
                let what = share.categories.map { categoryLabels[$0] ?? $0 }.joined(separator: ", ")
                let how = share.channel.rawValue == "pull" ? "they asked" : "we sent it"
                main.append("<tr><td>\(esc(PrivacyCentreMenu.time(share.sharedAt)))</td><td>\(esc(share.partnerName))</td><td>\(esc(purposeTitles[share.purpose] ?? share.purpose))</td><td>\(esc(what))</td><td>\(how)</td></tr>")
            }
            main.append("</tbody></table>")
        }
        main.append("</section><section aria-labelledby=\"received-title\"><h2 id=\"received-title\">What partners sent us</h2>")
        if partnerAttributes.isEmpty {
            main.append("<p class=\"hint\">No partner has sent us anything about you.</p>")
        } else {
            main.append("<ul>")
            for attribute in partnerAttributes {
                let partner = attribute.field.split(separator: "/").dropFirst().first.map(String.init) ?? "a partner"
                main.append("<li>\(esc(categoryLabels[attribute.category] ?? attribute.category)) from \(esc(partner)), \(esc(PageLayout.day(attribute.updatedAt)))</li>")
            }
            main.append("</ul><p>The values are in <a href=\"/account/download\">your download</a>.</p>")
        }
        main.append("</section>")
        return PrivacyCentreMenu.page(title: "Sharing with partners", current: "/account/sharing", main: main.joined(separator: "\n"), frame: frame)
    }
}

/// `/account/download` and `/account/delete`: the two rights that need a page of their own.
enum RightsPages {
    static func download(frame: PageFrame) -> String {
        let main = """
            <h1>Download your data</h1>
            <p>A copy of every record we hold about you, from every part of the service, with sealed values opened for you, and the audit entries about you. Secrets (your password hash, one-way digests, keys) are listed as withheld, with why.</p>
            <ul class="downloads">
            <li><a href="/v1/people/me/export?format=html">A page to read</a> — open it in your browser, or save it.</li>
            <li><a href="/v1/people/me/export?format=json" download>A JSON file</a> — to take to another service.</li>
            </ul>
            <p>Each download is recorded in the audit log, so you and our privacy team can see when it was made.</p>
            """
        return PrivacyCentreMenu.page(title: "Download your data", current: "/account/download", main: main, frame: frame)
    }

    /// What erasure does, in the policy's terms: what goes, and what the policy keeps.
    static func delete(frame: PageFrame, kept: [(label: String, clause: String)], errors: FormErrors = FormErrors()) -> String {
        let esc = PageLayout.escape
        var main = [
            "<h1>Delete your account</h1>",
            FormView.summary(errors),
            "<h2>What is erased</h2>",
            "<ul><li>Your profile: name, email address, phone number, gender, date of birth, password.</li>",
            "<li>Everything linked to you: your events, devices, sign-ins, sessions, choices, messages, survey answers, comments and what partners sent.</li>",
            "<li>The key that protects your data is destroyed first, so no copy — not even in a backup — can be read again.</li>",
            "<li>Partners we shared with are told to erase what they received.</li></ul>",
            "<h2>What is kept</h2>",
            "<ul><li>The audit log keeps that things happened (for example, that an account was erased), never what was in them.</li>",
        ]
        main += kept.map { "<li><strong>\(esc($0.label))</strong>: \(esc($0.clause))</li>" }
        main.append("</ul>")
        main.append("<p><strong>This cannot be undone.</strong> You can <a href=\"/account/download\">download your data</a> first.</p>")
        main.append("""
            <form method="post" action="/account/delete" aria-labelledby="confirm-title" novalidate>
            <h2 id="confirm-title">Confirm with your password</h2>
            \(CSRF.field(frame.token))
            <input type="hidden" name="from" value="centre">
            \(FormView.input("password", label: "Your password", type: "password", value: nil, required: true, autocomplete: "current-password", errors: errors))
            <div class="actions"><button type="submit" class="button-danger">Delete my account</button> <a href="/account">Keep my account</a></div>
            </form>
            """)
        return PrivacyCentreMenu.page(
            title: FormView.title("Delete your account", errors: errors), current: "/account/delete", main: main.joined(separator: "\n"), frame: frame)
    }
}
