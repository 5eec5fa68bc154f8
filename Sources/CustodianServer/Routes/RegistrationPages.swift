import CustodianCore
import CustodianStore
import Hummingbird

/// `GET/POST /register`: the registration page. Registering records acceptance of the current
/// policy, as the API does, then signs the person in and goes to their account.
struct RegistrationPages {
    let pages: PageResponder
    let people: PeopleActions
    let signIn: SignInService
    let published: PublishedPolicy

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("register", use: show)
        router.post("register", use: register)
    }

    func page(_ frame: PageFrame) -> RegisterPage {
        RegisterPage(
            frame: frame, policyVersion: published.version,
            acceptanceStatement: published.policy.resolved(published.policy.acceptance.continuedUseConsent))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.session != nil { return pages.redirect("/account") }
        let frame = pages.frame(request, context: context)
        return pages.html(page(frame).render(), frame: frame)
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await PageForm.read(&request)
        let frame = pages.frame(request, context: context)
        let body = PeopleActions.Registration(
            name: form.trimmed(ProfileFields.name), email: form.trimmed(ProfileFields.email), password: form["password"].flatMap { $0.isEmpty ? nil : $0 },
            phone: form.trimmed(ProfileFields.phone), gender: form.trimmed(ProfileFields.gender), birthDate: form.trimmed(ProfileFields.birthDate))
        let registered: PeopleActions.Registered
        do {
            registered = try await people.register(body, evidence: RequestEvidence(request: request, context: context, channel: "web"), remoteIP: context.remoteIP)
        } catch let error as AppError where error.fields != nil {
            var view = page(frame)
            view.values = ProfileFormValues(form: form)
            view.errors = FormErrors(fields: error.fields ?? [])
            return pages.html(view.render(), frame: frame, status: .unprocessableContent)
        }
        var response = pages.redirect("/account")
        switch registered {
        case .created(_, let lookupEmail):
            do {
                let outcome = try await signIn.signIn(
                    .init(email: lookupEmail, password: body.password ?? "", remoteIP: context.remoteIP, userAgent: request.headers[.userAgent], channel: "web"),
                    lookupEmail: lookupEmail)
                // A new account has no habits to differ from, so it is never asked for a code.
                guard case .signedIn(let success) = outcome else { return pages.redirect("/signin?next=%2Faccount") }
                response.setCookie(pages.sessionCookie(success.token))
            } catch let error as AppError where error.code == AppError.invalidCredentials.code {
                // Signing in is paused for this network (too many failures): the account exists,
                // and the sign-in page says what to do.
                return pages.redirect("/signin?next=%2Faccount")
            }
        case .alreadyRegistered:
            // The same answer as a new registration, as the API gives an id that leads nowhere:
            // the same redirect with a session cookie of the same shape that opens nothing, after
            // the same password work as the sign-in it stands in for.
            try await people.spendPasswordCheck(body.password ?? "")
            response.setCookie(pages.sessionCookie(SessionStore.tokenPrefix + Identifiers.base64URL(Identifiers.randomBytes(32))))
        }
        return response
    }
}
