import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// `GET/POST /privacy/accept`: what changed since the version the person last accepted, and
/// "I accept" (recorded with channel `web` and evidence, as `POST /v1/people/me/acceptances`);
/// `GET /privacy/decline`: what not accepting means — the policy's "stop using" — and the way
/// to sign out, withdraw consents or delete the account.
struct AcceptancePages {
    let pages: PageResponder
    let actions: ConsentActions
    let versions: PolicyVersions
    let published: PublishedPolicy

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("privacy/accept", use: show)
        router.post("privacy/accept", use: accept)
        router.get("privacy/decline", use: decline)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/privacy/accept") }
        let frame = pages.frame(request, context: context)
        let current = published.version
        let accepted = try await actions.acceptances.list(of: session.personId)
        var page = AcceptPage(
            frame: frame, version: current, effectiveAt: try await versions.find(current)?.effectiveAt,
            alreadyAccepted: accepted.contains { $0.policyVersion == current },
            acceptanceStatement: published.policy.resolved(published.policy.acceptance.continuedUseConsent),
            next: LocalPath.safe(request.uri.queryParameters["next"].map(String.init)))
        // The latest acceptance of another version is what the person agreed to last.
        if let last = accepted.last(where: { $0.policyVersion != current }), let version = try await versions.find(last.policyVersion) {
            page.lastAccepted = (last.policyVersion, last.acceptedAt)
            page.changes = PolicyDiff.between(try version.policy(), published.policy)
        }
        return pages.html(page.render(), frame: frame)
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/privacy/accept") }
        var request = request
        let form = try await PageForm.read(&request)
        let evidence = RequestEvidence(request: request, context: context, channel: "web")
        do {
            _ = try await actions.accept(
                person: session.personId, version: form["version"] ?? "", channel: "web", ipTruncated: evidence.ipTruncated,
                userAgentFamily: evidence.userAgentFamily, evidence: evidence.map, actor: context.actor, requestId: context.requestId)
        } catch let error as AppError where error.fields != nil {
            // The policy changed while the page was open: show what changed now.
            return pages.redirect("/privacy/accept")
        }
        return pages.redirect(LocalPath.safe(form["next"]) ?? "/account")
    }

    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let frame = pages.frame(request, context: context)
        let page = DeclinePage(frame: frame, ifYouDoNotAgree: Self.ifYouDoNotAgree(published), withdrawable: Self.withdrawable(published))
        return pages.html(page.render(), frame: frame)
    }

    /// The policy's own "if you do not agree … stop using" statement.
    static func ifYouDoNotAgree(_ published: PublishedPolicy) -> String {
        published.policy.resolved(published.policy.acceptance.ifYouDoNotAgree)
    }

    /// The purposes a person can say no to, by title.
    static func withdrawable(_ published: PublishedPolicy) -> [String] {
        published.policy.purposes.filter { $0.basis != .byUse }.map(\.title)
    }
}
