extension RegisterPage {
    func render() -> String {
        let esc = PageLayout.escape
        let main = """
            <h1>Create your account</h1>
            \(FormView.summary(errors))
            <form method="post" action="/register" novalidate>
            \(CSRF.field(frame.token))
            \(FormView.requiredNote)
            \(ProfileFormView.fields(values, errors: errors, newPassword: true))
            <div class="panel">
            <p>Before you register, read the <a href="/privacy">privacy policy</a> \
            (version <code>\(esc(String(policyVersion.prefix(12))))</code>). It says what we collect, why, and who we share it with.</p>
            <p><strong>Registering means you accept this version of the privacy policy.</strong> \(esc(acceptanceStatement))</p>
            </div>
            <div class="actions"><button type="submit">Register</button> <a href="/signin">I already have an account</a></div>
            </form>
            """
        return PageLayout.render(title: FormView.title("Create your account", errors: errors), main: main, navigation: frame.navigation)
    }
}
