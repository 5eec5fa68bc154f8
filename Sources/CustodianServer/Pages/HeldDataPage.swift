import CustodianCore
import CustodianStore

/// `/account/data`: what is held about the person, grouped by where it came from (given by them,
/// recorded as they used the service, sent by partners) and by the policy's categories, each with
/// what the store holds for them and the purposes that may use it, with their current choice.
struct HeldDataPage: Sendable {
    /// One category under one source.
    struct Entry: Sendable {
        var key: String
        var label: String
        var description: String
        var retention: String
        /// What is held for this person, in words; empty when nothing is.
        var held: [String]
        /// The purposes that may read it: title and whether it is allowed now.
        var purposes: [(title: String, allowed: Bool)]
    }

    var frame: PageFrame
    var groups: [(source: DataSource, entries: [Entry])]
    var rowsByTable: [String: Int]

    static func title(_ source: DataSource) -> String {
        switch source {
        case .provided: "What you gave us"
        case .automatic: "What we record as you use the service"
        case .partner: "What partners sent us"
        }
    }

    /// Builds the page from the policy, the person's profile, consents and summary.
    init(frame: PageFrame, compiled: CompiledPolicy, profile: PeopleActions.Profile, consents: ConsentViews.Consents, summary: PersonSummary) {
        self.frame = frame
        rowsByTable = summary.rowsByTable
        let allowed = Dictionary(consents.purposes.map { ($0.purpose, $0.state == ConsentState.granted.rawValue) }) { first, _ in first }
        let policy = compiled.policy
        groups = DataSource.allCases.map { source in
            let entries = policy.categories.filter { $0.sources.contains(source) }.map { category in
                Entry(
                    key: category.key, label: category.label, description: policy.resolved(category.description), retention: category.retention,
                    held: Self.held(category.key, source: source, profile: profile, summary: summary),
                    purposes: policy.purposes.filter { compiled.readableCategories(of: $0.key).contains(category.key) }
                        .map { (title: $0.title, allowed: allowed[$0.key] ?? false) })
            }
            return (source, entries)
        }.filter { !$0.entries.isEmpty }
    }

    /// What is held under `category` from `source`, in words.
    static func held(_ category: String, source: DataSource, profile: PeopleActions.Profile, summary: PersonSummary) -> [String] {
        let attributes = summary.attributes.filter { $0.category == category && $0.source == source.rawValue }
        switch source {
        case .partner:
            return attributes.map { "A value from a partner (\($0.field.split(separator: "/").dropFirst().first.map(String.init) ?? "partner")), received \(PageLayout.day($0.updatedAt))" }
        case .provided:
            var held: [String] = []
            let profileValues: [String: String?] = [
                "user.name": profile.name, "user.contact.email": profile.email, "user.contact.phone_number": profile.phone,
                "user.demographic.gender": profile.gender, "user.demographic.date_of_birth": profile.birthDate,
            ]
            if let value = profileValues[category], let value { held.append(value) }
            switch category {
            case "user.authorization.credentials" where summary.rows("credentials") > 0:
                held.append("A password, kept only as a one-way hash that no one can read back")
            case "user.content.public" where summary.rows("comments") > 0:
                held.append(count(summary.rows("comments"), "comment"))
            case "user.content.private":
                if summary.rows("contact_messages") > 0 { held.append(count(summary.rows("contact_messages"), "message to customer service")) }
                if summary.rows("survey_responses") > 0 { held.append(count(summary.rows("survey_responses"), "survey answered", plural: "surveys answered")) }
            default: break
            }
            return held
        case .automatic:
            return automatic(category, events: summary.events, summary: summary)
        }
    }

    static func automatic(_ category: String, events: PersonSummary.Events, summary: PersonSummary) -> [String] {
        var held: [String] = []
        func list(_ label: String, _ values: [String]) { if !values.isEmpty { held.append(label + ": " + values.joined(separator: ", ")) } }
        switch category {
        case "user.behavior.browsing_history":
            if events.count > 0, let first = events.first, let last = events.last {
                held.append("\(count(events.count, "page view or action", plural: "page views or actions")) from \(PageLayout.day(first)) to \(PageLayout.day(last))")
            }
            if summary.rows("url_sightings") > 0 { held.append(count(summary.rows("url_sightings"), "link checked against the risky-URL list", plural: "links checked against the risky-URL list")) }
        case "user.device.ip_address":
            if events.withAddress > 0 { held.append("The address of \(count(events.withAddress, "event")), sealed; analytics see only a truncated address") }
            if summary.rows("sign_in_events") > 0 { held.append("The network (truncated address) of \(count(summary.rows("sign_in_events"), "sign-in"))") }
        case "user.demographic.language": list("Languages", events.languages)
        case "user.device":
            list("Browsers", events.browsers)
            list("Systems", events.systems)
            list("Devices", events.devices)
            list("Screens", events.screens)
        case "user.device.device_id":
            if events.withDeviceId > 0 { held.append("A device ID with \(count(events.withDeviceId, "event")), sealed") }
        case "user.device.cookie_id":
            if events.browserIdentifiers > 0 { held.append(count(events.browserIdentifiers, "browser identifier")) }
        case "user.location.imprecise":
            if events.withLocation > 0 { held.append("An approximate location with \(count(events.withLocation, "event"))") }
            list("Countries", events.countries)
        default: break
        }
        return held
    }

    static func count(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        n == 1 ? "1 \(singular)" : "\(n) \(plural ?? singular + "s")"
    }

    func render() -> String {
        let esc = PageLayout.escape
        var main = [
            "<h1>What we hold about you</h1>",
            "<p>Everything below is what the privacy policy lets us hold, and what we actually hold about you today. For every value, download your data.</p>",
        ]
        for (source, entries) in groups {
            let id = "source-\(source.rawValue)"
            main.append("<section aria-labelledby=\"\(id)\"><h2 id=\"\(id)\">\(esc(Self.title(source)))</h2>")
            for entry in entries {
                let held = entry.held.isEmpty
                    ? "<p class=\"hint\">Nothing held about you.</p>"
                    : "<ul>" + entry.held.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
                let purposes = entry.purposes.isEmpty
                    ? "<p class=\"hint\">No purpose reads it.</p>"
                    : "<ul>" + entry.purposes.map { "<li>\(esc($0.title)) — \($0.allowed ? "allowed" : "not allowed")</li>" }.joined() + "</ul>"
                main.append("""
                    <article class="category" data-category="\(esc(entry.key))">
                    <h3>\(esc(entry.label))</h3>
                    <p>\(esc(entry.description)) <span class="hint">Kept: \(esc(Self.retention(entry.retention))).</span></p>
                    <h4>What we hold</h4>\(held)
                    <h4>Who may use it, and why</h4>\(purposes)
                    </article>
                    """)
            }
            main.append("</section>")
        }
        main.append("<section aria-labelledby=\"records-title\"><h2 id=\"records-title\">Records by kind</h2>")
        main.append("<table><thead><tr><th scope=\"col\">Kind of record</th><th scope=\"col\">How many</th></tr></thead><tbody>")
        for (table, n) in rowsByTable.sorted(by: { $0.key < $1.key }) {
            main.append("<tr><td>\(esc(table.replacingOccurrences(of: "_", with: " ")))</td><td>\(n)</td></tr>")
        }
        main.append("</tbody></table>")
        main.append("<p><a href=\"/account/download\">Download all of it</a>, as a file or a page to read.</p></section>")
        return PrivacyCentreMenu.page(title: "What we hold about you", current: "/account/data", main: main.joined(separator: "\n"), frame: frame)
    }

    /// A retention rule in words.
    static func retention(_ rule: String) -> String {
        if rule == "account" { return "while you have an account" }
        guard rule.hasPrefix("P"), let unit = rule.last, let n = Int(rule.dropFirst().dropLast()) else { return rule }
        let name = switch unit { case "D": "day"; case "M": "month"; case "Y": "year"; case "W": "week"; default: "" }
        return name.isEmpty ? rule : "\(n) \(name)\(n == 1 ? "" : "s")"
    }
}
