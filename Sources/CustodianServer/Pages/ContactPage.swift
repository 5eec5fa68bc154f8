import CustodianCore

/// `/contact`: a message to the privacy team (or customer service), from a visitor or a
/// signed-in person. A signed-in person's name and address are their profile's and not asked.
struct ContactPage: Sendable {
    var frame: PageFrame
    var controller: String
    var contactStatement: String
    var values: [String: String] = [:]
    var errors = FormErrors()
    /// Set once the message is stored: its reference and whether it waits for review.
    var sent: (reference: String, held: Bool)?

    static let topics: [(String, String)] = [
        ("privacy", "My privacy: my data, my choices, access or erasure"),
        ("account", "My account"),
        ("technical", "A problem using the service"),
        ("feedback", "A suggestion"),
        ("other", "Something else"),
    ]

    func render() -> String {
        let esc = PageLayout.escape
        let signedIn = frame.session != nil
        var main = ["<h1>Contact the privacy team</h1>", FormView.summary(errors)]
        if let sent {
            main.append("<p class=\"notice\" role=\"status\">Your message is sent (reference \(esc(String(sent.reference.prefix(8))))).\(sent.held ? " It contains a link we check before anyone opens it." : "") We answer by email.</p>")
        }
        main.append("<p>\(esc(contactStatement))</p>")
        main.append("<p>Messages reach \(esc(controller)). To see, download, correct or erase your data yourself, use the privacy centre\(signedIn ? "" : " once <a href=\"/signin?next=%2Faccount%2Fdata\">signed in</a>").</p>")
        var fields = [CSRF.field(frame.token), FormView.requiredNote]
        if !signedIn {
            fields.append(FormView.input("name", label: "Your name", value: values["name"], required: true, autocomplete: "name", errors: errors))
            fields.append(FormView.input("email", label: "Your email address", type: "email", value: values["email"], required: true, autocomplete: "email", hint: "We answer here, and use it for nothing else.", errors: errors))
            fields.append(FormView.input("phone", label: "Your phone number", type: "tel", value: values["phone"], autocomplete: "tel", errors: errors))
        }
        fields.append(FormView.select(
            "topic", label: "About", options: Self.topics, selected: values["topic"] ?? "privacy", errors: errors))
        fields.append(FormView.input("subject", label: "Subject", value: values["subject"], required: true, errors: errors))
        fields.append(FormView.textarea("body", label: "Your message", value: values["body"], required: true, rows: 8, maxLength: 10_000, errors: errors))
        main.append("<form method=\"post\" action=\"/contact\" novalidate>\(fields.joined(separator: "\n"))<div class=\"actions\"><button type=\"submit\">Send</button></div></form>")
        let body = main.joined(separator: "\n")
        let title = FormView.title("Contact the privacy team", errors: errors)
        return signedIn
            ? PrivacyCentreMenu.page(title: title, current: "/contact", main: body, frame: frame)
            : PageLayout.render(title: title, main: body, navigation: frame.navigation)
    }
}
