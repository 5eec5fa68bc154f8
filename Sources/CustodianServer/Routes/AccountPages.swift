import CustodianCore
import CustodianStore
import Hummingbird

/// `GET/POST /account`: the profile, read through the same gate path as `GET /v1/people/me`,
/// with a correction form (PATCH semantics); `POST /account/delete` erases the account as
/// `DELETE /v1/people/me` does. Someone who has not accepted the current policy is sent to
/// accept it first (erasure needs no acceptance).
struct AccountPages {
    let pages: PageResponder
    let people: PeopleActions
    let published: PublishedPolicy
    /// For the person's own unsubscribe link.
    let links: UnsubscribeLinks

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("account", use: show)
        router.post("account", use: correct)
        router.post("account/delete", use: erase)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/account") }
        guard try await people.hasAcceptedCurrentPolicy(session.personId) else { return pages.redirect("/privacy/accept") }
        let frame = pages.frame(request, context: context)
        let profile = try await people.profile(of: session.personId, actor: context.actor, requestId: context.requestId)
        let notice = request.uri.queryParameters["saved"] != nil ? "Your corrections are saved." : nil
        let unsubscribe = try await links.path(for: UnsubscribeToken(
            person: session.personId, purpose: MessagePurposes.marketing(channel: "email"), campaign: nil, issuedAt: people.consent.now()))
        let page = AccountPage(frame: frame, profile: profile, values: Self.values(profile), notice: notice, unsubscribePath: unsubscribe)
        return pages.html(page.render(), frame: frame)
    }

    @Sendable func correct(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/account") }
        guard try await people.hasAcceptedCurrentPolicy(session.personId) else { return pages.redirect("/privacy/accept") }
        var request = request
        let form = try await PageForm.read(&request)
        let frame = pages.frame(request, context: context)
        let current = try await people.profile(of: session.personId, actor: context.actor, requestId: context.requestId)
        do {
            _ = try await people.correct(session.personId, Self.correction(form, current: current), actor: context.actor, requestId: context.requestId)
        } catch let error as AppError where error.fields != nil {
            let page = AccountPage(frame: frame, profile: current, values: ProfileFormValues(form: form), errors: FormErrors(fields: error.fields ?? []))
            return pages.html(page.render(), frame: frame, status: .unprocessableContent)
        }
        return pages.redirect("/account?saved=1")
    }

    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/privacy/decline") }
        var request = request
        let form = try await PageForm.read(&request)
        let password = form["password"] ?? ""
        do {
            try await people.erase(session.personId, password: password, actor: context.actor, requestId: context.requestId)
        } catch let error as AppError where error.fields != nil {
            let frame = pages.frame(request, context: context)
            let errors = FormErrors(fields: error.fields ?? [])
            // Back to the page the form was on: the privacy centre's, or the one for declining the policy.
            if form["from"] == "centre" {
                return pages.html(RightsPages.delete(frame: frame, kept: PrivacyCentrePages.kept(published), errors: errors), frame: frame, status: .unprocessableContent)
            }
            let page = DeclinePage(
                frame: frame, ifYouDoNotAgree: AcceptancePages.ifYouDoNotAgree(published), withdrawable: AcceptancePages.withdrawable(published),
                errors: errors)
            return pages.html(page.render(), frame: frame, status: .unprocessableContent)
        }
        var frame = pages.frame(request, context: context)
        frame.session = nil
        let main = """
            <h1>Your account is deleted</h1>
            <p class="notice" role="status">Your profile and everything linked to it have been erased, and the key that protected them destroyed.</p>
            <p>Thank you for having used the service. You can <a href="/register">register again</a> at any time.</p>
            """
        var response = pages.html(PageLayout.render(title: "Your account is deleted", main: main, navigation: frame.navigation), frame: frame)
        response.setCookie(pages.expiredSessionCookie)
        return response
    }

    /// The form's values for a profile.
    static func values(_ profile: PeopleActions.Profile) -> ProfileFormValues {
        ProfileFormValues(name: profile.name, email: profile.email, phone: profile.phone, gender: profile.gender, birthDate: profile.birthDate)
    }

    /// The correction a submitted form asks for: a field left as shown is left alone (so that
    /// nothing unchanged is rewritten or audited as corrected), an emptied one is removed.
    static func correction(_ form: PageForm, current: PeopleActions.Profile) -> PeopleActions.Correction {
        func field(_ name: String, _ held: String?) -> PatchField<String> {
            guard let raw = form[name] else { return .absent }
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if value == (held ?? "") { return .absent }
            return value.isEmpty ? .null : .value(value)
        }
        var correction = PeopleActions.Correction()
        correction.name = field(ProfileFields.name, current.name)
        correction.email = field(ProfileFields.email, current.email)
        correction.phone = field(ProfileFields.phone, current.phone)
        correction.gender = field(ProfileFields.gender, current.gender)
        correction.birthDate = field(ProfileFields.birthDate, current.birthDate)
        return correction
    }
}
