import HTTPTypes
import Hummingbird

/// Refuses every state-changing request of the routes it guards unless its form carries the
/// browser's CSRF token (see ``CSRF``): 403 as the contract's JSON error, or as a page for
/// browsers. Safe methods pass untouched.
///
/// Add it to the group of any routes that take forms (account pages now; comments and the
/// privacy centre later).
struct CSRFProtection: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: PageResponder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        var request = request
        let form = try await PageForm.read(&request)
        // A browser that says the request comes from another site is refused whatever it carries.
        let crossSite = request.headers[.secFetchSite]?.lowercased() == "cross-site"
        guard !crossSite, CSRF.matches(request: request, submitted: form[CSRF.fieldName]) else {
            return refusal(request, context: context)
        }
        return try await next(request, context)
    }

    func refusal(_ request: Request, context: Context) -> Response {
        guard PageLayout.prefersHTML(request) else { return AppError.csrfRefused.response(requestId: context.requestId) }
        // A fresh token comes with the page, so that going back and sending again works.
        let frame = pages.frame(request, context: context)
        let main = """
            <h1>This form could not be sent</h1>
            <p>For your safety we only accept forms sent from our own pages, and this one could not be checked. \
            This happens when a page was open for a long time or cookies are blocked.</p>
            <p>Go back, reload the page and send the form again.</p>
            """
        return pages.html(PageLayout.render(title: "Form not sent", main: main, navigation: frame.navigation), frame: frame, status: .forbidden)
    }
}

extension AppError {
    static let csrfRefused = AppError(
        .forbidden, code: "csrf_token_invalid",
        message: "This form was not sent from one of our pages: its security token is missing or does not match.")
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
}
