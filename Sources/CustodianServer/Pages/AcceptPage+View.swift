extension AcceptPage {
    func render() -> String {
        let esc = PageLayout.escape
        let short = esc(String(version.prefix(12)))
        var main: [String] = []
        if alreadyAccepted {
            main.append("<h1>You have accepted the current privacy policy</h1>")
            main.append("<p>Version <code>\(short)</code> is the one in effect. <a href=\"/privacy\">Read it again</a> or go to <a href=\"/account\">your account</a>.</p>")
            return PageLayout.render(title: "Privacy policy accepted", main: main.joined(separator: "\n"), navigation: frame.navigation)
        }
        main.append("<h1>The privacy policy has changed</h1>")
        var line = "<p>Version <code>\(short)</code> of the <a href=\"/privacy\">privacy policy</a>"
        if let effectiveAt { line += " is in effect from <time datetime=\"\(PageLayout.day(effectiveAt))\">\(PageLayout.day(effectiveAt))</time>" }
        main.append(line + ". Read what changed, then say whether you accept it.</p>")
        main.append("<section aria-labelledby=\"changes-title\"><h2 id=\"changes-title\">What changed</h2>")
        if let lastAccepted {
            let day = PageLayout.day(lastAccepted.at)
            main.append(
                "<p>Since <a href=\"/privacy/versions/\(esc(lastAccepted.version))\">version <code>\(esc(String(lastAccepted.version.prefix(12))))</code></a>, "
                    + "which you accepted on <time datetime=\"\(day)\">\(day)</time>:</p>")
        }
        if let changes, !changes.isEmpty {
            main.append("<ul>" + changes.map { "<li>\(esc($0.description))</li>" }.joined() + "</ul>")
        } else if changes != nil {
            main.append("<p>Nothing that changes what we do with your information; only the recorded version differs.</p>")
        } else {
            main.append("<p>There is no earlier version you accepted to compare with: please read the <a href=\"/privacy\">whole policy</a>.</p>")
        }
        main.append("</section>")
        let nextField = next.map { "<input type=\"hidden\" name=\"next\" value=\"\(esc($0))\">" } ?? ""
        main.append("""
            <section aria-labelledby="decide-title">
            <h2 id="decide-title">Your choice</h2>
            <p>\(esc(acceptanceStatement))</p>
            <form method="post" action="/privacy/accept">
            \(CSRF.field(frame.token))
            <input type="hidden" name="version" value="\(esc(version))">
            \(nextField)
            <div class="actions"><button type="submit">I accept</button> <a class="button button-secondary" href="/privacy/decline">I do not accept</a></div>
            </form>
            </section>
            """)
        return PageLayout.render(title: "The privacy policy has changed", main: main.joined(separator: "\n"), navigation: frame.navigation)
    }
}
