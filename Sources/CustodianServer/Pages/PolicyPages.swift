import CustodianCore
import CustodianStore
import Foundation

/// The policy pages: the current policy, an earlier version with what changed, and the list.
enum PolicyPages {
    /// A policy page: a version line, what changed from the version before (when given), the policy.
    static func policyPage(
        _ policy: Policy, version: String, effectiveAt: Int64?, changes: [PolicyChange]?, isCurrent: Bool,
        previousVersion: String? = nil, navigation: PageNavigation = .signedOut, article: String? = nil
    ) -> String {
        let esc = PageLayout.escape
        var main: [String] = []
        var line = "<p class=\"policy-version\">Version <code>\(esc(String(version.prefix(12))))</code>"
        if let effectiveAt { line += ", in effect from <time datetime=\"\(PageLayout.day(effectiveAt))\">\(PageLayout.day(effectiveAt))</time>" }
        line += ". <a href=\"/privacy/versions\">All versions</a> · <a href=\"/privacy.json\">Machine-readable form</a></p>"
        main.append(line)
        if !isCurrent {
            main.append("<p role=\"note\"><strong>This is an earlier version of the policy.</strong> <a href=\"/privacy\">Read the current policy</a>.</p>")
        }
        if let changes {
            main.append("<section aria-labelledby=\"changes-title\"><h2 id=\"changes-title\">What changed</h2>")
            if let previousVersion {
                main.append("<p>Compared with <a href=\"/privacy/versions/\(esc(previousVersion))\">version <code>\(esc(String(previousVersion.prefix(12))))</code></a>:</p>")
            }
            if changes.isEmpty {
                main.append("<p>No changes.</p>")
            } else {
                main.append("<ul>" + changes.map { "<li>\(esc($0.description))</li>" }.joined() + "</ul>")
            }
            main.append("</section>")
        } else if !isCurrent || effectiveAt != nil {
            main.append("<p>This is the first recorded version of the policy.</p>")
        }
        // `article`: the policy already rendered, with the comment form and list (PolicyWithComments).
        main.append(article ?? PolicyRenderer.html(policy))
        return PageLayout.render(title: policy.resolved(policy.prose.title), main: main.joined(separator: "\n"), navigation: navigation)
    }

    /// The list of versions, newest first.
    static func versionsPage(_ versions: [PolicyVersion], current: String, navigation: PageNavigation = .signedOut) -> String {
        let esc = PageLayout.escape
        var main = [
            "<h1>Versions of the privacy policy</h1>",
            "<p>Every version the policy has had. A version is never edited; a change makes a new one.</p>",
            "<table>", "<caption>Policy versions, newest first</caption>",
            "<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">In effect from</th><th scope=\"col\">Status</th></tr></thead>",
            "<tbody>",
        ]
        for version in versions.reversed() {
            let day = PageLayout.day(version.effectiveAt)
            main.append(
                "<tr><th scope=\"row\"><a href=\"/privacy/versions/\(esc(version.version))\"><code>\(esc(String(version.version.prefix(12))))</code></a></th>"
                    + "<td><time datetime=\"\(day)\">\(day)</time></td><td>\(version.version == current ? "current" : "earlier")</td></tr>")
        }
        main += ["</tbody>", "</table>"]
        return PageLayout.render(title: "Versions of the privacy policy", main: main.joined(separator: "\n"), navigation: navigation)
    }
}
