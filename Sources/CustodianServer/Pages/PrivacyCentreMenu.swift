/// The privacy centre's sections, shown at the top of each of its pages, so that everything a
/// person may do about their data is one link away.
enum PrivacyCentreMenu {
    static let sections: [(path: String, title: String)] = [
        ("/account", "Your profile"),
        ("/account/data", "What we hold"),
        ("/account/choices", "Your choices"),
        ("/account/activity", "Sign-ins and security"),
        ("/account/sharing", "Sharing with partners"),
        ("/account/download", "Download your data"),
        ("/contact", "Contact the privacy team"),
        ("/account/delete", "Delete your account"),
    ]

    /// The menu, the current page marked for assistive technology.
    static func render(current: String) -> String {
        let items = sections.map { section in
            let here = section.path == current ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(section.path)\"\(here)>\(PageLayout.escape(section.title))</a></li>"
        }
        return "<nav class=\"centre\" aria-label=\"Privacy centre\"><ul>\(items.joined())</ul></nav>"
    }

    /// A page of the centre: the menu, then the content.
    static func page(title: String, current: String, main: String, frame: PageFrame) -> String {
        PageLayout.render(title: title, main: render(current: current) + "\n" + main, navigation: frame.navigation)
    }

    /// A date and time as people read them, in UTC (the page knows no time zone).
    static func time(_ millis: Int64) -> String {
        let seconds = millis / 1000
        let day = PageLayout.day(millis)
        let minutes = (seconds / 60) % 60, hours = (seconds / 3600) % 24
        return day + " " + (hours < 10 ? "0" : "") + String(hours) + ":" + (minutes < 10 ? "0" : "") + String(minutes) + " UTC"
    }
}
