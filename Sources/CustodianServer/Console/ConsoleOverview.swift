import CustodianCore
import CustodianStore
import Hummingbird

/// `/admin`: who is signed in, and the pages their role opens.
struct ConsoleDashboard: ConsoleSection {
    let layout: ConsoleLayout

    var pages: [ConsolePage] { [] }

    func addRoutes(to routes: ConsoleRoutes) {
        routes.get("", .viewDashboard) { console in
            let esc = PageLayout.escape
            let open = layout.registry.pages(for: console.role)
            let list = open.map { "<li><a href=\"\(esc($0.href))\">\(esc($0.title))</a> — \(esc($0.summary))</li>" }.joined(separator: "\n")
            let notice = console.query("password") == "changed" ? "<p class=\"notice\" role=\"status\">Your password is saved.</p>" : ""
            let main = """
                <h1>Console</h1>
                \(notice)
                <p>Signed in as <strong>\(esc(console.role.label))</strong>. Every page you open and every change you make here \
                is written to the audit log under your account.</p>
                <h2>Your pages</h2>
                <ul>\(list)</ul>
                """
            return layout.html(console, title: "Console", main: main)
        }
    }
}

/// `/admin/data-map` (the policy's categories, sources, retention and uses, with live counts
/// per category and source) and `/admin/consent` (granted / denied / default per purpose).
/// Aggregates only: no value is opened and no person named.
struct ConsoleAggregates: ConsoleSection {
    let layout: ConsoleLayout
    let published: PublishedPolicy
    let inventory: DataInventory
    let ledger: ConsentLedgerStore

    var pages: [ConsolePage] {
        [
            ConsolePage(path: "data-map", title: "Data map", summary: "What the policy says is held, with live counts per category and source.", permission: .viewDataMap),
            ConsolePage(path: "consent", title: "Consent", summary: "How many people granted, denied or left each purpose at its default.", permission: .viewConsentStatistics),
        ]
    }

    func addRoutes(to routes: ConsoleRoutes) {
        routes.get("data-map", .viewDataMap, dataMap)
        routes.get("consent", .viewConsentStatistics, consent)
    }

    @Sendable func dataMap(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let map = DataMapController.DataMap(published.compiled)
        let counts = try await inventory.attributeCounts()
        let totals = try await inventory.totals()
        let rows: [[String]] = map.categories.flatMap { category -> [[String]] in
            category.sources.map { source in
                let held = counts.filter { $0.category == category.key && Self.source($0.source) == source }
                return [
                    "<code>\(esc(category.key))</code><br>\(esc(category.label))", esc(source),
                    String(held.reduce(0) { $0 + $1.values }), String(held.reduce(0) { $0 + $1.people }),
                    esc(category.retention), esc(category.purposes.joined(separator: ", ")),
                ]
            }
        }
        let totalRows: [[String]] = [
            ("people", "People with an account"), ("events", "Collected events (automatic)"), ("contact_messages", "Contact messages"),
            ("survey_responses", "Survey responses"), ("partner_shares", "Disclosures to partners"), ("consent_ledger", "Consent ledger entries"),
            ("out_of_scope_records", "Records outside the policy"),
        ].map { [esc($0.1), String(totals[$0.0] ?? 0)] }
        let outside = map.outOfScope.map { [ "<code>\(esc($0.key))</code>", esc($0.clause), esc($0.onErasure)] }
        let main = """
            <h1>Data map</h1>
            <p>Generated from policy version <code>\(esc(map.policyVersion))</code>. Counts are live: profile values held now, \
            by category and by the source the policy declares (provided by the person, collected automatically, sent by a partner).</p>
            \(ConsoleLayout.table(caption: "Categories by source", headers: ["Category", "Source", "Values held", "People", "Retention", "Purposes that may use it"], rows: rows))
            \(ConsoleLayout.table(caption: "Records held", headers: ["Kind", "Count"], rows: totalRows))
            \(ConsoleLayout.table(caption: "Outside the policy", headers: ["Record", "Clause", "On erasure"], rows: outside, empty: "The policy declares no records outside it."))
            <p>The same map, without counts, is public at <a href="/privacy/data-map.json">/privacy/data-map.json</a>.</p>
            """
        return layout.html(console, title: "Data map", main: main)
    }

    /// A stored source (`provided`, `automatic`, `partner:<name>` …) as the policy's source kind.
    static func source(_ stored: String) -> String {
        stored.hasPrefix("partner") ? "partner" : stored
    }

    @Sendable func consent(_ console: ConsoleRequest) async throws -> Response {
        let esc = PageLayout.escape
        let policy = published.policy
        let people = try await inventory.peopleCount()
        var rows: [[String]] = []
        for purpose in policy.purposes {
            let tally = ConsentStatistics.tally(purpose: purpose, records: try await ledger.records(purpose: purpose.key), people: people, policy: policy)
            rows.append([
                "<code>\(esc(purpose.key))</code>", esc(purpose.basis.rawValue), String(tally.granted), String(tally.denied),
                "\(tally.atDefault) (\(esc(tally.defaultState.rawValue)))", String(tally.effectivelyGranted),
            ])
        }
        let main = """
            <h1>Consent by purpose</h1>
            <p>\(people) people. Each person's state is folded from the consent ledger by the same rules the purpose gate uses; \
            "default" counts people with nothing recorded that counts, whose state is the policy's default for the purpose.</p>
            \(ConsoleLayout.table(caption: "Consent per purpose", headers: ["Purpose", "Basis", "Granted", "Denied", "Default", "Allowed in all"], rows: rows))
            """
        return layout.html(console, title: "Consent", main: main)
    }
}
