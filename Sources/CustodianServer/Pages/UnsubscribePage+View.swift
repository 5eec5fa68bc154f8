extension UnsubscribePage {
    func render() -> String {
        let esc = PageLayout.escape
        let main: String
        switch state {
        case .confirm(let purposes, let campaign):
            let from = campaign.map { " (you received it with “\(esc($0))”)" } ?? ""
            main = """
                <h1>Unsubscribe</h1>
                <p>Press the button to stop receiving these messages\(from). We will record that you withdrew from:</p>
                <ul>\(purposes.map { "<li>\(esc($0))</li>" }.joined())</ul>
                <form method="post" action="\(esc(action))">
                <div class="actions"><button type="submit">Unsubscribe</button></div>
                </form>
                <p>It takes effect at once: no further promotional email is sent to you. You can change your mind on your \
                <a href="/account">account page</a>. Messages you need for your account, such as sign-in codes, still come.</p>
                """
        case .done(let purposes):
            let list = purposes.isEmpty ? "" : "<p>Recorded: you withdrew from</p><ul>\(purposes.map { "<li>\(esc($0))</li>" }.joined())</ul>"
            main = """
                <h1>You are unsubscribed</h1>
                <p class="notice" role="status">You will receive no further promotional email from us.</p>
                \(list)
                <p>You can change your mind on your <a href="/account">account page</a>.</p>
                """
        case .already:
            main = """
                <h1>You are already unsubscribed</h1>
                <p class="notice" role="status">You receive no promotional email from us. There is nothing more to do.</p>
                """
        case .invalid:
            main = """
                <h1>This link does not work</h1>
                <p>The unsubscribe link is incomplete or has been changed. Use the link from the email as it is, or \
                unsubscribe from your <a href="/account">account page</a>. Nothing has been changed.</p>
                """
        }
        return PageLayout.render(title: "Unsubscribe", main: main)
    }
}
