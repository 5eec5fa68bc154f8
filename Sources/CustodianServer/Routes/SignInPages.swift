import CustodianCore
import CustodianStore
import Hummingbird

/// `GET/POST /signin` and `POST /signout` for pages: the session lives in the
/// `custodian_session` cookie. Sign-in goes through ``SignInService`` like the API (throttling,
/// risk, the record of attempts), and every refusal reads the same.
struct SignInPages {
    let pages: PageResponder
    let signIn: SignInService
    let sessions: SessionStore

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("signin", use: show)
        router.post("signin", use: submit)
        router.post("signout", use: signOut)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = LocalPath.safe(request.uri.queryParameters["next"].map(String.init))
        if context.session != nil { return pages.redirect(next ?? "/account") }
        let frame = pages.frame(request, context: context)
        var notice: String?
        if request.uri.queryParameters["signedout"] != nil { notice = "You have signed out." }
        return pages.html(SignInPage(frame: frame, next: next, notice: notice).render(), frame: frame)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await PageForm.read(&request)
        let frame = pages.frame(request, context: context)
        let next = LocalPath.safe(form["next"])
        let email = form.trimmed(ProfileFields.email)
        let password = form["password"].flatMap { $0.isEmpty ? nil : $0 }
        var page = SignInPage(frame: frame, email: email, next: next)
        guard let email, let password else {
            if email == nil { page.errors.fields.append(FieldError(field: ProfileFields.email, code: "required", message: "Give your email address.")) }
            if password == nil { page.errors.fields.append(FieldError(field: "password", code: "required", message: "Give your password.")) }
            return pages.html(page.render(), frame: frame, status: .unprocessableContent)
        }
        do {
            let success = try await signIn.signIn(
                .init(email: email, password: password, remoteIP: context.remoteIP, userAgent: request.headers[.userAgent], channel: "web"),
                lookupEmail: SignInService.lookupKey(email: email))
            var response = pages.redirect(next ?? "/account")
            response.setCookie(pages.sessionCookie(success.token))
            return response
        } catch let error as AppError where error.code == AppError.invalidCredentials.code {
            page.errors.general = SignInPage.failure
            return pages.html(page.render(), frame: frame, status: .unprocessableContent)
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let session = context.session {
            _ = try await sessions.revoke(id: session.id, person: session.personId)
        }
        var response = pages.redirect("/signin?signedout=1")
        response.setCookie(pages.expiredSessionCookie)
        return response
    }
}
