import CustodianCore
import Foundation

/// `/account/choices`: a switch for every use the person may refuse or allow, the uses that come
/// with using the service (shown, not switchable), and the whole history of their choices — what
/// was recorded, from where (their own choice, the policy's default, a GPC or DNT signal), when.
struct ChoicesPage: Sendable {
    var frame: PageFrame
    var consents: ConsentViews.Consents
    /// Each purpose's description, by key.
    var descriptions: [String: String]
    var notice: String?
    var error: String?

    static func source(_ raw: String) -> String {
        switch raw {
        case "explicit": "your choice"
        case "by_use": "using the service"
        case "default": "the policy's default"
        case "gpc": "your browser's Global Privacy Control signal"
        case "dnt": "your browser's Do Not Track signal"
        case "admin": "our staff, on your instruction"
        default: raw
        }
    }

    static func basis(_ raw: String) -> String {
        switch raw {
        case "by_use": "Comes with using the service"
        case "opt_out": "On unless you turn it off"
        case "opt_in": "Off unless you turn it on"
        default: raw
        }
    }

    func render() -> String {
        let esc = PageLayout.escape
        var main = [
            "<h1>Your choices</h1>",
            notice.map { "<p class=\"notice\" role=\"status\">\(esc($0))</p>" } ?? "",
            error.map { "<p class=\"error-summary\" role=\"alert\">\(esc($0))</p>" } ?? "",
            "<p>Turn a use of your data on or off. A change applies at once, on every device, and is kept in the history below.</p>",
        ]
        let switchable = consents.purposes.filter(\.changeable)
        let fixed = consents.purposes.filter { !$0.changeable }
        main.append("<section aria-labelledby=\"switches-title\"><h2 id=\"switches-title\">Uses you decide</h2>")
        for purpose in switchable {
            let on = purpose.state == ConsentState.granted.rawValue
            let id = "purpose-" + purpose.purpose.replacingOccurrences(of: ".", with: "-")
            let since = purpose.recordedAt.map { " since \(PageLayout.day(Int64($0.timeIntervalSince1970 * 1000)))" } ?? ""
            main.append("""
                <article class="choice" aria-labelledby="\(id)">
                <h3 id="\(id)">\(esc(purpose.title))</h3>
                <p>\(esc(descriptions[purpose.purpose] ?? ""))</p>
                <p><strong class="state-\(on ? "on" : "off")">\(on ? "On" : "Off")</strong> — \(esc(Self.source(purpose.source)))\(esc(since)). <span class="hint">\(esc(Self.basis(purpose.basis))).</span></p>
                <form method="post" action="/account/choices">
                \(CSRF.field(frame.token))
                <input type="hidden" name="purpose" value="\(esc(purpose.purpose))">
                <input type="hidden" name="state" value="\(on ? "denied" : "granted")">
                <button type="submit" class="\(on ? "button-secondary" : "")" aria-describedby="\(id)">\(on ? "Turn off" : "Turn on")</button>
                </form>
                </article>
                """)
        }
        main.append("</section>")
        if !fixed.isEmpty {
            main.append("<section aria-labelledby=\"fixed-title\"><h2 id=\"fixed-title\">Uses that come with the service</h2>")
            main.append("<p>These are how the service works and keeps you safe; to stop them, stop using the service or <a href=\"/account/delete\">delete your account</a>.</p><ul>")
            main += fixed.map { "<li><strong>\(esc($0.title))</strong> — \(esc(descriptions[$0.purpose] ?? ""))</li>" }
            main.append("</ul></section>")
        }
        main.append("<section aria-labelledby=\"history-title\"><h2 id=\"history-title\">History of your choices</h2>")
        if consents.history.isEmpty {
            main.append("<p class=\"hint\">No choice recorded yet: every use is at the policy's default.</p>")
        } else {
            let titles = Dictionary(consents.purposes.map { ($0.purpose, $0.title) }) { first, _ in first }
            main.append("<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Use</th><th scope=\"col\">What</th><th scope=\"col\">From</th><th scope=\"col\">Policy version</th></tr></thead><tbody>")
            for entry in consents.history.sorted(by: { $0.recordedAt > $1.recordedAt }) {
                main.append(
                    "<tr><td>\(esc(PrivacyCentreMenu.time(Int64(entry.recordedAt.timeIntervalSince1970 * 1000))))</td>"
                        + "<td>\(esc(titles[entry.purpose] ?? entry.purpose))</td><td>\(esc(entry.kind))</td>"
                        + "<td>\(esc(Self.source(entry.source)))</td><td><a href=\"/privacy/versions/\(esc(entry.policyVersion))\">\(esc(String(entry.policyVersion.prefix(12))))</a></td></tr>")
            }
            main.append("</tbody></table>")
        }
        main.append("</section>")
        return PrivacyCentreMenu.page(title: "Your choices", current: "/account/choices", main: main.joined(separator: "\n"), frame: frame)
    }
}
