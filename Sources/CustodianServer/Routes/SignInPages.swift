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
        router.post("signin/verify", use: verify)
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
            let outcome = try await signIn.signIn(
                .init(
                    email: email, password: password, remoteIP: context.remoteIP, userAgent: request.headers[.userAgent], channel: "web",
                    requestId: context.requestId),
                lookupEmail: SignInService.lookupKey(email: email))
            switch outcome {
            case .signedIn(let success):
                return signedIn(success, next: next)
            case .stepUp(let stepUp):
                let code = StepUpPage(frame: frame, challenge: stepUp.challenge, next: next, minutes: SignInService.stepUpMinutes)
                return pages.html(code.render(), frame: frame)
            }
        } catch let error as AppError where error.code == AppError.invalidCredentials.code {
            page.errors.general = SignInPage.failure
            return pages.html(page.render(), frame: frame, status: .unprocessableContent)
        } catch let error as AppError where error.code == AppError.mailNotConfigured.code {
            page.errors.general = "This sign-in needs a one-time code sent by email, and email is not set up on this installation yet. Sign in from a device you have used before, or contact us."
            return pages.html(page.render(), frame: frame, status: .serviceUnavailable)
        }
    }

    /// The code form's answer: the session, or the form again with one message for every failure.
    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await PageForm.read(&request)
        let frame = pages.frame(request, context: context)
        let next = LocalPath.safe(form["next"])
        let challenge = form.trimmed("challenge") ?? ""
        do {
            let success = try await signIn.verify(.init(
                challenge: challenge, code: form.trimmed("code") ?? "", remoteIP: context.remoteIP, userAgent: request.headers[.userAgent], channel: "web"))
            return signedIn(success, next: next)
        } catch let error as AppError where error.code == AppError.invalidCode.code {
            var page = StepUpPage(frame: frame, challenge: challenge, next: next, minutes: SignInService.stepUpMinutes)
            page.errors.fields = [FieldError(field: "code", code: "invalid_code", message: StepUpPage.failure)]
            return pages.html(page.render(), frame: frame, status: .unprocessableContent)
        }
    }

    private func signedIn(_ success: SignInService.Success, next: String?) -> Response {
        var response = pages.redirect(next ?? "/account")
        response.setCookie(pages.sessionCookie(success.token))
        return response
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
