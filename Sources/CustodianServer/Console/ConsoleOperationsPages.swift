import CustodianCore
import CustodianStore
import Hummingbird

/// `/admin/risk` (risk events), `/admin/partners` (partners and webhook deliveries) and
/// `/admin/policy` (recorded policy versions): read from the same repositories the
/// `/v1/admin/*` API uses.
struct ConsoleOperationsPages: ConsoleSection {
    let layout: ConsoleLayout
    let riskEvents: RiskEventStore
    let partners: PartnerRegistry
    let webhooks: PartnerOutbox
    let versions: PolicyVersions

    var pages: [ConsolePage] {
        [
            ConsolePage(path: "risk", title: "Risk events", summary: "Sign-in, activity and link risks scored about accounts.", permission: .viewRiskEvents),
            ConsolePage(path: "partners", title: "Partners", summary: "Registered partners and the webhooks delivered to them.", permission: .managePartners),
            ConsolePage(path: "policy", title: "Policy versions", summary: "Every version of the policy with the date it took effect.", permission: .viewPolicyVersions),
        ]
    }

    func addRoutes(to routes: ConsoleRoutes) {
        routes.get("risk", .viewRiskEvents, risk)
        routes.get("partners", .managePartners, partnerList)
        routes.get("policy", .viewPolicyVersions, policy)
    }

    @Sendable func risk(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let kind = console.query("kind")
        let events = try await riskEvents.list(kind: kind, limit: 100)
        let rows = events.map { event in
            [
                esc(ConsoleLayout.time(event.createdAt)), "<code>\(esc(event.kind))</code>", String(event.score), esc(event.reasons.joined(separator: ", ")),
                event.personId.map { "<code>\(esc($0))</code>" } ?? "", esc(event.subject ?? ""),
            ]
        }
        let main = """
            <h1>Risk events</h1>
            <form method="get" action="/admin/risk">
            <div class="field"><label for="field-kind">Kind</label><input type="text" id="field-kind" name="kind" value="\(esc(kind ?? ""))"></div>
            <div class="actions"><button type="submit">Filter</button> <a href="/admin/risk">Clear</a></div>
            </form>
            \(ConsoleLayout.table(caption: "The 100 newest risk events", headers: ["When", "Kind", "Score", "Reasons", "Person", "Subject"], rows: rows, empty: "No risk event."))
            """
        return layout.html(console, title: "Risk events", main: main)
    }

    @Sendable func partnerList(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let registered = try await partners.list()
        let names = Dictionary(registered.map { ($0.id, $0.name) }) { first, _ in first }
        let partnerRows = registered.map { partner in
            [
                esc(partner.name), esc(partner.status.rawValue), esc(partner.contact), esc(partner.grant.recipient),
                esc(partner.grant.categories.joined(separator: ", ")), esc(partner.webhookURL ?? "—"),
            ]
        }
        let deliveries = try await webhooks.list(limit: 100)
        let deliveryRows = deliveries.map { delivery in
            [
                esc(ConsoleLayout.time(delivery.createdAt)), esc(names[delivery.partnerId] ?? delivery.partnerId), "<code>\(esc(delivery.type.rawValue))</code>",
                esc(delivery.status.rawValue), String(delivery.attempts), delivery.lastStatus.map(String.init) ?? "", esc(delivery.lastError ?? ""),
            ]
        }
        let main = """
            <h1>Partners</h1>
            \(ConsoleLayout.table(caption: "Registered partners", headers: ["Name", "Status", "Contact", "Recipient", "Categories", "Webhook"], rows: partnerRows, empty: "No partner is registered."))
            <h2>Webhook deliveries</h2>
            \(ConsoleLayout.table(caption: "The 100 newest deliveries", headers: ["Created", "Partner", "Type", "Status", "Attempts", "Last HTTP status", "Last error"], rows: deliveryRows, empty: "No webhook yet."))
            """
        return layout.html(console, title: "Partners", main: main)
    }

    @Sendable func policy(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let rows = try await versions.list().reversed().map { version in
            [
                String(version.seq), esc(PageLayout.day(version.effectiveAt)),
                "<a href=\"/privacy/versions/\(esc(version.version))\"><code>\(esc(String(version.version.prefix(16))))…</code></a>",
            ]
        }
        let main = """
            <h1>Policy versions</h1>
            <p>A version is recorded when the server starts with a policy whose content is new. Versions are never edited.</p>
            \(ConsoleLayout.table(caption: "Versions, newest first", headers: ["#", "Effective", "Version"], rows: rows))
            """
        return layout.html(console, title: "Policy versions", main: main)
    }
}
