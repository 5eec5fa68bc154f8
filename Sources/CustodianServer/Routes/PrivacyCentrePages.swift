import CustodianCore
import CustodianStore
import Hummingbird

/// The privacy centre's pages beyond the profile (``AccountPages``): what is held
/// (`/account/data`), choices (`/account/choices`), sign-ins and security (`/account/activity`),
/// sharing (`/account/sharing`), download (`/account/download`), delete (`/account/delete`), and
/// the contact page (`/contact`, open to visitors too). Server-rendered, usable without
/// JavaScript; every form carries the CSRF token. None of them asks for the current policy to be
/// accepted first: a person's rights over what is already held do not depend on it.
struct PrivacyCentrePages {
    let pages: PageResponder
    let people: PeopleActions
    let consent: ConsentActions
    let exporter: PersonExporter
    let signIns: SignInLog
    let sessions: SessionStore
    let riskEvents: RiskEventStore
    let shares: ShareLog
    let contact: ContactActions
    let published: PublishedPolicy

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("account/data", use: held)
        router.get("account/choices", use: choices)
        router.post("account/choices", use: choose)
        router.get("account/activity", use: activity)
        router.post("account/sessions/{id}/end", use: endSession)
        router.get("account/sharing", use: sharing)
        router.get("account/download", use: download)
        router.get("account/delete", use: deletion)
        router.get("contact", use: contactForm)
        router.post("contact", use: sendContact)
    }

    @Sendable func held(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/account/data") }
        let frame = pages.frame(request, context: context)
        let profile = try await people.profile(of: session.personId, actor: context.actor, requestId: context.requestId)
        let page = HeldDataPage(
            frame: frame, compiled: published.compiled, profile: profile, consents: try await consent.list(person: session.personId),
            summary: try await exporter.summary(of: session.personId))
        return pages.html(page.render(), frame: frame)
    }

    @Sendable func choices(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/account/choices") }
        let notice = request.uri.queryParameters["saved"] != nil ? "Your choice is saved." : nil
        return try await choicesPage(session.personId, request: request, context: context, notice: notice)
    }

    func choicesPage(_ person: String, request: Request, context: AppRequestContext, notice: String? = nil, error: String? = nil) async throws -> Response {
        let frame = pages.frame(request, context: context)
        let descriptions = Dictionary(published.policy.purposes.map { ($0.key, published.policy.resolved($0.description)) }) { first, _ in first }
        let page = ChoicesPage(frame: frame, consents: try await consent.list(person: person), descriptions: descriptions, notice: notice, error: error)
        return pages.html(page.render(), frame: frame, status: error == nil ? .ok : .unprocessableContent)
    }

    /// Records the person's choice (source `explicit`, channel `web`), as `PUT /v1/people/me/consents/{purpose}` does.
    @Sendable func choose(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/account/choices") }
        var request = request
        let form = try await PageForm.read(&request)
        let purpose = form["purpose"] ?? ""
        guard let declared = published.policy.purpose(purpose), declared.basis != .byUse else {
            return try await choicesPage(session.personId, request: request, context: context, error: "That use cannot be switched here.")
        }
        let evidence = RequestEvidence(request: request, context: context, channel: "web")
        do {
            _ = try await consent.set(
                person: session.personId, purpose: purpose, state: form["state"] ?? "", source: .explicit, evidence: evidence.map,
                actor: context.actor, requestId: context.requestId)
        } catch let error as AppError where error.fields != nil {
            return try await choicesPage(session.personId, request: request, context: context, error: "Choose on or off.")
        }
        return pages.redirect("/account/choices?saved=1")
    }

    @Sendable func activity(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/account/activity") }
        let frame = pages.frame(request, context: context)
        let page = ActivityPage(
            frame: frame, signIns: try await signIns.recent(person: session.personId, limit: 30),
            sessions: try await sessions.list(person: session.personId), currentSession: session.id,
            riskEvents: try await riskEvents.events(of: session.personId, limit: 50),
            notice: request.uri.queryParameters["ended"] != nil ? "The session is ended." : nil)
        return pages.html(page.render(), frame: frame)
    }

    /// Ends one of the person's sessions (another device, or this one: then they are signed out).
    @Sendable func endSession(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/account/activity") }
        let id = try context.parameters.require("id")
        guard try await sessions.revoke(id: id, person: session.personId) else { throw AppError.notFound("There is no such session.") }
        guard id != session.id else {
            var response = pages.redirect("/signin")
            response.setCookie(pages.expiredSessionCookie)
            return response
        }
        return pages.redirect("/account/activity?ended=1")
    }

    @Sendable func sharing(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return pages.signInFirst(next: "/account/sharing") }
        let frame = pages.frame(request, context: context)
        let policy = published.policy
        let summary = try await exporter.summary(of: session.personId)
        let page = SharingPage(
            frame: frame, shares: try await shares.entries(of: session.personId, limit: 500),
            categoryLabels: Dictionary(policy.categories.map { ($0.key, $0.label) }) { first, _ in first },
            purposeTitles: Dictionary(policy.purposes.map { ($0.key, $0.title) }) { first, _ in first },
            partnerAttributes: summary.attributes.filter { $0.source == DataSource.partner.rawValue })
        return pages.html(page.render(), frame: frame)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard context.session != nil else { return pages.signInFirst(next: "/account/download") }
        let frame = pages.frame(request, context: context)
        return pages.html(RightsPages.download(frame: frame), frame: frame)
    }

    @Sendable func deletion(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard context.session != nil else { return pages.signInFirst(next: "/account/delete") }
        let frame = pages.frame(request, context: context)
        return pages.html(RightsPages.delete(frame: frame, kept: Self.kept(published)), frame: frame)
    }

    /// What the policy keeps when an account is erased: the records it declares outside its scope
    /// and kept (detached from the person).
    static func kept(_ published: PublishedPolicy) -> [(label: String, clause: String)] {
        let policy = published.policy
        return policy.exclusions.filter { $0.erasure == .keep }.map {
            (label: $0.kind.rawValue.replacingOccurrences(of: "_", with: " ").capitalizedFirst, clause: policy.resolved($0.description))
        }
    }

    @Sendable func contactForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let frame = pages.frame(request, context: context)
        let controller = published.policy.controller
        var page = ContactPage(frame: frame, controller: controller.name, contactStatement: published.policy.resolved(controller.contactStatement))
        if let reference = request.uri.queryParameters["sent"] {
            page.sent = (String(reference), request.uri.queryParameters["held"] != nil)
        }
        return pages.html(page.render(), frame: frame)
    }

    /// Sends the message through the same validation, limits and screening as `POST /v1/contact`.
    @Sendable func sendContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await PageForm.read(&request)
        let submission = ContactActions.Submission(
            subject: form["subject"], body: form["body"], topic: form["topic"].flatMap { $0.isEmpty ? nil : $0 },
            name: form["name"], email: form["email"], phone: form["phone"].flatMap { $0.isEmpty ? nil : $0 })
        do {
            let (summary, hold) = try await contact.send(
                submission, person: context.session?.personId, remoteIP: context.remoteIP, service: nil, actor: context.actor,
                requestId: context.requestId)
            return pages.redirect("/contact?sent=\(summary.id)\(hold.isEmpty ? "" : "&held=1")")
        } catch let error as AppError where error.fields != nil {
            let frame = pages.frame(request, context: context)
            let controller = published.policy.controller
            var values = form.fields
            values["csrf_token"] = nil
            let page = ContactPage(
                frame: frame, controller: controller.name, contactStatement: published.policy.resolved(controller.contactStatement),
                values: values, errors: FormErrors(fields: error.fields ?? []))
            return pages.html(page.render(), frame: frame, status: .unprocessableContent)
        }
    }
}

extension String {
    /// The string with its first letter in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
