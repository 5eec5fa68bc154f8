extension SignInPage {
    func render() -> String {
        let esc = PageLayout.escape
        let nextField = next.map { "<input type=\"hidden\" name=\"next\" value=\"\(esc($0))\">" } ?? ""
        let main = """
            <h1>Sign in</h1>
            \(notice.map { "<p class=\"notice\" role=\"status\">\(esc($0))</p>" } ?? "")
            \(FormView.summary(errors))
            <form method="post" action="/signin" novalidate>
            \(CSRF.field(frame.token))
            \(nextField)
            \(FormView.requiredNote)
            \(FormView.input(ProfileFields.email, label: "Email address", type: "email", value: email, required: true, autocomplete: "username", errors: errors))
            \(FormView.input("password", label: "Password", type: "password", value: nil, required: true, autocomplete: "current-password", errors: errors))
            <div class="actions"><button type="submit">Sign in</button> <a href="/register">Create an account</a></div>
            </form>
            """
        return PageLayout.render(title: FormView.title("Sign in", errors: errors), main: main, navigation: frame.navigation)
    }
}
