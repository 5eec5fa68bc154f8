extension DeclinePage {
    func render() -> String {
        let esc = PageLayout.escape
        var main = [
            "<h1>If you do not accept the privacy policy</h1>",
            FormView.summary(errors),
            "<p>The policy says: <q>\(esc(ifYouDoNotAgree))</q></p>",
            "<p>Stopping is up to you, and you keep your rights over what we already hold. Here is what you can do.</p>",
            "<h2>Stop using the service</h2>",
        ]
        if frame.session != nil {
            main.append("<p>Sign out on this device. Nothing more is collected while you do not use the service.</p>")
            main.append("<form method=\"post\" action=\"/signout\">\(CSRF.field(frame.token))<button type=\"submit\" class=\"button-secondary\">Sign out</button></form>")
        } else {
            main.append("<p>You are not signed in. <a href=\"/signin?next=%2Fprivacy%2Fdecline\">Sign in</a> to delete your account from here.</p>")
        }
        main.append("<h2>Withdraw your consents</h2>")
        main.append("<p>You may withdraw at any time, without accepting the new version, from these uses:</p>")
        main.append("<ul>" + withdrawable.map { "<li>\(esc($0))</li>" }.joined() + "</ul>")
        main.append("<p>Do it in <a href=\"/account/choices\">your choices</a> in the privacy centre, in the apps, or through the API (<code>PUT /v1/people/me/consents/{purpose}</code>).</p>")
        main.append("<h2>Download your data</h2>")
        main.append("<p>A copy of everything we hold about you, to take elsewhere: <a href=\"/account/download\">download your data</a>.</p>")
        main.append("<h2 id=\"delete-title\">Delete your account</h2>")
        main.append("<p>Deleting your account erases your profile and everything linked to it. The key that protects your data is destroyed first, so no copy, not even in a backup, can be read again. This cannot be undone.</p>")
        if frame.session != nil {
            main.append("""
                <form method="post" action="/account/delete" aria-labelledby="delete-title" novalidate>
                \(CSRF.field(frame.token))
                \(FormView.input("password", label: "Your password, to confirm", type: "password", value: nil, required: true, autocomplete: "current-password", errors: errors))
                <div class="actions"><button type="submit" class="button-danger">Delete my account</button> <a href="/privacy/accept">Back to the policy</a></div>
                </form>
                """)
        }
        return PageLayout.render(
            title: FormView.title("If you do not accept the privacy policy", errors: errors), main: main.joined(separator: "\n"), navigation: frame.navigation)
    }
}
