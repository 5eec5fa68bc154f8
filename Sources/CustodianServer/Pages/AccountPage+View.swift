extension AccountPage {
    func render() -> String {
        let esc = PageLayout.escape
        func row(_ label: String, _ value: String?) -> String {
            "<dt>\(esc(label))</dt><dd>\(value.map(esc) ?? "<span class=\"hint\">Not given</span>")</dd>"
        }
        let gender = ProfileFormView.genders.first { $0.0 == profile.gender && !$0.0.isEmpty }?.1 ?? profile.gender
        let main = """
            <h1>Your account</h1>
            \(notice.map { "<p class=\"notice\" role=\"status\">\(esc($0))</p>" } ?? "")
            \(FormView.summary(errors))
            <section aria-labelledby="held-title">
            <h2 id="held-title">What we hold about you</h2>
            <dl class="profile">
            \(row("Name", profile.name))
            \(row("Email address", profile.email))
            \(row("Phone number", profile.phone))
            \(row("Gender", gender))
            \(row("Date of birth", profile.birthDate))
            </dl>
            </section>
            <section aria-labelledby="correct-title">
            <h2 id="correct-title">Correct your details</h2>
            <p>Change what is wrong and save. Empty a field that is not required to remove it.</p>
            <form method="post" action="/account" novalidate>
            \(CSRF.field(frame.token))
            \(FormView.requiredNote)
            \(ProfileFormView.fields(values, errors: errors, newPassword: false))
            <div class="actions"><button type="submit">Save corrections</button></div>
            </form>
            </section>
            <section aria-labelledby="privacy-title">
            <h2 id="privacy-title">Your privacy</h2>
            <ul>
            <li><a href="/privacy">Read the privacy policy</a> and its <a href="/privacy/versions">earlier versions</a>.</li>
            \(unsubscribePath.map { "<li><a href=\"\(esc($0))\">Unsubscribe from promotional email</a>.</li>" } ?? "")
            <li><a href="/account/data">See what we hold about you</a> and <a href="/account/download">download it</a>.</li>
            <li><a href="/account/choices">Turn uses of your data on or off</a>.</li>
            <li><a href="/privacy/decline">Stop using the service</a> or <a href="/account/delete">delete your account</a>.</li>
            </ul>
            </section>
            """
        return PrivacyCentreMenu.page(title: FormView.title("Your account", errors: errors), current: "/account", main: main, frame: frame)
    }
}
