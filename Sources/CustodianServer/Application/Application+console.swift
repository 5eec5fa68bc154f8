import CustodianCore
import CustodianStore
import Hummingbird

/// The staff console at `/admin` (docs/console.md): its own sign-in and sessions, CSRF on every
/// form, and the sections below, each page behind the permission it declares.
///
/// To add a page, write a ``ConsoleSection`` and list it in `sections` below.
func addConsoleRoutes(
    to router: Router<AppRequestContext>, repositories: Repositories, consent: ConsentService, published: PublishedPolicy,
    pages: PageResponder, hasher: PasswordHasher, contact: ContactActions, comments: CommentActions, requests: PrivacyRequestActions,
    secureCookies: Bool
) {
    let group = router.group("admin")
        .add(middleware: CSRFProtection(pages: pages))
        .add(middleware: StaffAuthenticator(sessions: repositories.staffSessions))
    let sections: (ConsoleLayout) -> [any ConsoleSection] = { layout in
        [
            ConsoleDashboard(layout: layout),
            ConsoleAggregates(layout: layout, published: published, inventory: repositories.inventory, ledger: repositories.consentLedger),
            ConsoleAuditPages(layout: layout, audit: repositories.audit),
            ConsolePeoplePages(layout: layout, people: repositories.people, consent: consent, audit: repositories.audit),
            ConsoleRequestPages(layout: layout, requests: requests, now: repositories.now),
            ConsoleCommentPages(layout: layout, comments: comments),
            ConsoleCustomerServicePages(layout: layout, contact: contact, messages: repositories.contactMessages, surveys: repositories.surveys),
            ConsoleOperationsPages(
                layout: layout, riskEvents: repositories.riskEvents, partners: repositories.partners, webhooks: repositories.webhookOutbox,
                versions: repositories.policyVersions),
            ConsoleStaffPages(layout: layout, staff: repositories.staff),
        ]
    }
    // The registry is read from the sections, and the sections render with the registry's navigation.
    let registry = ConsoleRegistry(sections: sections(ConsoleLayout(pages: pages, registry: ConsoleRegistry(sections: []))))
    let layout = ConsoleLayout(pages: pages, registry: registry)
    let routes = ConsoleRoutes(group: group, layout: layout, audit: repositories.audit)
    for section in sections(layout) { section.addRoutes(to: routes) }
    ConsoleSignInPages(
        layout: layout, signIn: StaffSignIn(staff: repositories.staff, sessions: repositories.staffSessions, hasher: hasher, audit: repositories.audit, clock: repositories.now),
        audit: repositories.audit, secureCookies: secureCookies
    ).addRoutes(to: group)
}
