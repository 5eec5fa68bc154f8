import CustodianCore
import CustodianStore
import Hummingbird

/// `/admin/sign-in`, `/admin/password` and `/admin/sign-out`: console sign-in with email and
/// password, the forced choice of a new password after the one-time one, and sign-out. Every
/// form is CSRF-checked by the console group; every step is audited.
struct ConsoleSignInPages: Sendable {
    let layout: ConsoleLayout
    let signIn: StaffSignIn
    let audit: AuditLog
    /// Whether cookies are marked Secure (clients reach us over TLS).
    let secureCookies: Bool

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("sign-in", use: show)
        group.post("sign-in", use: submit)
        group.get("password", use: showPassword)
        group.post("password", use: changePassword)
        group.post("sign-out", use: signOut)
    }

    static let failure = "The email address or password is not right, or this account is locked for a while after too many attempts."

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = LocalPath.safe(request.uri.queryParameters["next"].map(String.init)).flatMap(Self.consolePath)
        if let staff = context.staff { return layout.pages.redirect(staff.account.mustChangePassword ? "/admin/password" : next ?? "/admin") }
        let frame = layout.pages.frame(request, context: context)
        let notice = request.uri.queryParameters["signedout"] != nil ? "You have signed out of the console." : nil
        return layout.pages.html(signInPage(frame: frame, email: nil, next: next, notice: notice, errors: FormErrors()), frame: frame)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await PageForm.read(&request)
        let frame = layout.pages.frame(request, context: context)
        let next = LocalPath.safe(form["next"]).flatMap(Self.consolePath)
        let email = form.trimmed("email")
        let password = form["password"].flatMap { $0.isEmpty ? nil : $0 }
        var errors = FormErrors()
        guard let email, let password else {
            if email == nil { errors.fields.append(FieldError(field: "email", code: "required", message: "Give your email address.")) }
            if password == nil { errors.fields.append(FieldError(field: "password", code: "required", message: "Give your password.")) }
            return layout.pages.html(signInPage(frame: frame, email: email, next: next, notice: nil, errors: errors), frame: frame, status: .unprocessableContent)
        }
        do {
            let success = try await signIn.signIn(email: email, password: password, requestId: context.requestId)
            var response = layout.pages.redirect(success.account.mustChangePassword ? "/admin/password" : next ?? "/admin")
            response.setCookie(StaffCookie.make(
                token: success.token, maxAgeSeconds: Int(signIn.sessionLifetimeMillis / 1000), secure: secureCookies))
            return response
        } catch StaffSignIn.Failure.refused {
            errors.general = Self.failure
            return layout.pages.html(signInPage(frame: frame, email: email, next: next, notice: nil, errors: errors), frame: frame, status: .unprocessableContent)
        }
    }

    /// Only console paths come back from `next`.
    static func consolePath(_ path: String) -> String? {
        path == "/admin" || path.hasPrefix("/admin/") ? path : nil
    }

    func signInPage(frame: PageFrame, email: String?, next: String?, notice: String?, errors: FormErrors) -> String {
        let esc = PageLayout.escape
        let main = """
            <h1>Console sign-in</h1>
            <p>For staff of this installation. People sign in to their account at <a href="/signin">the sign-in page</a>.</p>
            \(notice.map { "<p class=\"notice\" role=\"status\">\(esc($0))</p>" } ?? "")
            \(FormView.summary(errors))
            <form method="post" action="/admin/sign-in" novalidate>
            \(CSRF.field(frame.token))
            \(next.map { "<input type=\"hidden\" name=\"next\" value=\"\(esc($0))\">" } ?? "")
            \(FormView.requiredNote)
            \(FormView.input("email", label: "Email address", type: "email", value: email, required: true, autocomplete: "username", errors: errors))
            \(FormView.input("password", label: "Password", type: "password", value: nil, required: true, autocomplete: "current-password", errors: errors))
            <div class="actions"><button type="submit">Sign in</button></div>
            </form>
            """
        return PageLayout.render(title: FormView.title("Console sign-in", errors: errors), main: main, navigation: .console(""))
    }

    @Sendable func showPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { return layout.pages.redirect("/admin/sign-in?next=%2Fadmin%2Fpassword") }
        let console = ConsoleRequest(request: request, context: context, staff: staff, frame: layout.pages.frame(request, context: context))
        return passwordPage(console, errors: FormErrors())
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { return layout.pages.redirect("/admin/sign-in") }
        var request = request
        let form = try await PageForm.read(&request)
        let console = ConsoleRequest(request: request, context: context, staff: staff, frame: layout.pages.frame(request, context: context))
        let outcome = try await signIn.changePassword(
            staff, current: form["current_password"] ?? "", new: form["new_password"] ?? "", confirmation: form["confirm_password"] ?? "",
            requestId: context.requestId)
        var errors = FormErrors()
        switch outcome {
        case .success:
            return layout.pages.redirect("/admin?password=changed")
        case .failure(.wrongCurrent):
            errors.fields.append(FieldError(field: "current_password", code: "invalid", message: "This is not your current password."))
        case .failure(.weak(let message)):
            errors.fields.append(FieldError(field: "new_password", code: "weak", message: message))
        case .failure(.mismatch):
            errors.fields.append(FieldError(field: "confirm_password", code: "mismatch", message: "The two new passwords are not the same."))
        }
        return passwordPage(console, errors: errors, status: .unprocessableContent)
    }

    func passwordPage(_ console: ConsoleRequest, errors: FormErrors, status: HTTPResponse.Status = .ok) -> Response {
        let forced = console.staff.account.mustChangePassword
        let intro = forced
            ? "<p class=\"notice\" role=\"status\">You signed in with a one-time password. Choose your own password before using the console.</p>"
            : "<p>Changing your password signs you out everywhere else.</p>"
        let rules = signIn.rules
        let main = """
            <h1>\(forced ? "Choose your password" : "Change your password")</h1>
            \(intro)
            \(FormView.summary(errors))
            <form method="post" action="/admin/password" novalidate>
            \(CSRF.field(console.frame.token))
            \(FormView.requiredNote)
            \(FormView.input("current_password", label: forced ? "One-time password" : "Current password", type: "password", value: nil, required: true, autocomplete: "current-password", errors: errors))
            \(FormView.input("new_password", label: "New password", type: "password", value: nil, required: true, autocomplete: "new-password", hint: "At least \(rules.minimumPasswordLength) characters.", errors: errors))
            \(FormView.input("confirm_password", label: "New password again", type: "password", value: nil, required: true, autocomplete: "new-password", errors: errors))
            <div class="actions"><button type="submit">Save the password</button></div>
            </form>
            """
        let title = FormView.title(forced ? "Choose your password" : "Change your password", errors: errors)
        if forced {
            // Nothing of the console is offered before the password is chosen; signing out is.
            let items = "<li><form method=\"post\" action=\"/admin/sign-out\">\(CSRF.field(console.frame.token))<button type=\"submit\">Sign out</button></form></li>"
            var response = layout.pages.html(PageLayout.render(title: title, main: main, navigation: .console(items)), frame: console.frame, status: status)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        return layout.html(console, title: title, main: main, status: status)
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let staff = context.staff {
            try await signIn.sessions.revoke(id: staff.session.id)
            try await audit.record(AuditEvent(
                actor: staff.account.actor, action: "staff.sign_out", subject: staff.account.actor, requestId: context.requestId))
        }
        var response = layout.pages.redirect("/admin/sign-in?signedout=1")
        response.setCookie(StaffCookie.expired(secure: secureCookies))
        return response
    }
}
