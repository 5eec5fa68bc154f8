extension StepUpPage {
    func render() -> String {
        let esc = PageLayout.escape
        let nextField = next.map { "<input type=\"hidden\" name=\"next\" value=\"\(esc($0))\">" } ?? ""
        let main = """
            <h1>Enter the code we emailed you</h1>
            <p role="status">This sign-in looks different from your usual ones (a new device, network or place), so we sent a \
            one-time code to your email address. It works once, for \(minutes) minutes.</p>
            \(FormView.summary(errors))
            <form method="post" action="/signin/verify" novalidate>
            \(CSRF.field(frame.token))
            <input type="hidden" name="challenge" value="\(esc(challenge))">
            \(nextField)
            \(FormView.input("code", label: "Code", type: "text", value: nil, required: true, autocomplete: "one-time-code", hint: "Six digits, from the email.", errors: errors))
            <div class="actions"><button type="submit">Sign in</button> <a href="/signin">Start again</a></div>
            </form>
            <p>If you did not try to sign in, change your password: whoever did knows it.</p>
            """
        return PageLayout.render(title: FormView.title("Enter your sign-in code", errors: errors), main: main, navigation: frame.navigation)
    }
}
