import CustodianCore
import CustodianStore
import Hummingbird

/// `GET /unsubscribe?token=…` (a page with one button) and `POST /unsubscribe?token=…` (RFC 8058
/// one-click: unsubscribes, answers 200 without a redirect).
///
/// Not behind `CSRFProtection`, on purpose: the one-click POST comes from a mail provider's
/// servers with no cookies, no form token and no sign-in (RFC 8058 §3.2 forbids asking for
/// them). The token in the URL is the authority: opaque, sealed with a keyring secret, bound to
/// one person and purpose, and it can only withdraw consent — the worst a forged cross-site POST
/// could do is what the link's owner asked for. The GET never changes anything, so link
/// scanners that fetch URLs in mail unsubscribe nobody. No cookie is set on either.
struct UnsubscribePages {
    let actions: UnsubscribeActions

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("unsubscribe", use: show)
        router.post("unsubscribe", use: unsubscribe)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = request.uri.queryParameters["token"].map(String.init)
        guard let target = try await actions.target(text), let token = text else {
            return Self.invalid(request, context: context)
        }
        let action = "/unsubscribe?token=" + token
        guard !target.purposes.isEmpty else { return PageLayout.response(UnsubscribePage(state: .already, action: action).render()) }
        let page = UnsubscribePage(state: .confirm(purposes: target.purposes.map(\.title), campaign: target.campaignName), action: action)
        return PageLayout.response(page.render())
    }

    struct Done: Encodable {
        var unsubscribed: Bool
        /// The purposes withdrawn by this request (none when they were withdrawn before).
        var withdrawn: [String]
    }

    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        // The body (`List-Unsubscribe=One-Click`, or the page's empty form) carries nothing needed.
        _ = try? await request.body.collect(upTo: PageForm.limit)
        guard let target = try await actions.target(request.uri.queryParameters["token"].map(String.init)) else {
            return Self.invalid(request, context: context)
        }
        let oneClick = !PageLayout.prefersHTML(request)
        let recorded = try await actions.unsubscribe(
            target, evidence: RequestEvidence(request: request, context: context, channel: "email"), method: oneClick ? "one_click" : "page")
        if PageLayout.prefersHTML(request) {
            return PageLayout.response(UnsubscribePage(state: .done(purposes: recorded.map(\.title)), action: "/unsubscribe").render())
        }
        return try .json(Done(unsubscribed: true, withdrawn: recorded.map(\.key)))
    }

    /// A link that does not open: 400, as a page or the contract's JSON, and nothing changed.
    static func invalid(_ request: Request, context: AppRequestContext) -> Response {
        guard PageLayout.prefersHTML(request) else { return AppError.invalidUnsubscribeToken.response(requestId: context.requestId) }
        return PageLayout.response(UnsubscribePage(state: .invalid, action: "/unsubscribe").render(), status: .badRequest)
    }
}

extension AppError {
    static let invalidUnsubscribeToken = AppError(
        .badRequest, code: "invalid_token", message: "This unsubscribe link is not valid: it is incomplete or has been changed. Nothing was changed.")
}
