import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// `/privacy/requests`: the form to file a privacy request without signing in, the page that
/// takes the emailed code, and the request's status (with its export, once an access request
/// is complete). The work is ``PrivacyRequestActions``, as for the API.
///
/// The status token lives in the `custodian_request` cookie (`<id>.<token>`; HttpOnly,
/// SameSite=Strict, Path=/privacy/requests), never in a URL: a request can be followed from
/// the browser that made it, and the API's token serves elsewhere.
struct PrivacyRequestPages {
    let pages: PageResponder
    let actions: PrivacyRequestActions
    static let cookieName = "custodian_request"
    static let cookieDays = 90

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("privacy/requests", use: show)
        router.post("privacy/requests", use: file)
        router.get("privacy/requests/{id}", use: status)
        router.post("privacy/requests/{id}/verify", use: verify)
        router.post("privacy/requests/{id}/code", use: resend)
        router.get("privacy/requests/{id}/export", use: export)
    }

    func formPage(_ frame: PageFrame) -> RequestFormPage {
        let objectable = actions.consent.policy.purposes.filter { $0.basis != .byUse }.map { ($0.key, $0.title) }
        return RequestFormPage(frame: frame, objectable: objectable, deadlineDays: actions.deadlineDays)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let frame = pages.frame(request, context: context)
        return pages.html(formPage(frame).render(), frame: frame)
    }

    @Sendable func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await PageForm.read(&request)
        let frame = pages.frame(request, context: context)
        let submission = PrivacyRequestActions.Submission(
            kind: form.trimmed("kind"), email: form.trimmed("email"), details: form.trimmed("details"), purpose: form.trimmed("purpose"))
        do {
            let filed = try await actions.file(submission, remoteIP: context.remoteIP, channel: "web", actor: context.actor, requestId: context.requestId)
            var response = pages.redirect("/privacy/requests/\(filed.summary.id)")
            response.setCookie(cookie("\(filed.summary.id).\(filed.token)", maxAge: Self.cookieDays * 86_400))
            return response
        } catch let error as AppError where error.fields != nil {
            var view = formPage(frame)
            (view.kind, view.email, view.details, view.purpose) = (submission.kind, submission.email, submission.details, submission.purpose)
            view.errors = FormErrors(fields: error.fields ?? [])
            return pages.html(view.render(), frame: frame, status: .unprocessableContent)
        }
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let frame = pages.frame(request, context: context)
        guard let summary = try await held(request, context: context) else { return missing(frame) }
        let notice = request.uri.queryParameters.get("sent") == "1" ? "We have sent a new code, if the address has an account with us." : nil
        return page(RequestStatusPage(frame: frame, summary: summary, notice: notice, now: actions.consent.now()))
    }

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await PageForm.read(&request)
        let frame = pages.frame(request, context: context)
        guard let summary = try await held(request, context: context), let token = Self.token(request, id: summary.id) else { return missing(frame) }
        do {
            _ = try await actions.verify(summary.id, token: token, code: form.trimmed("code"), requestId: context.requestId)
            return pages.redirect("/privacy/requests/\(summary.id)")
        } catch let error as AppError where error.fields != nil {
            var view = RequestStatusPage(frame: frame, summary: summary, now: actions.consent.now())
            view.errors = FormErrors(fields: error.fields ?? [])
            return page(view, status: .unprocessableContent)
        }
    }

    @Sendable func resend(_ request: Request, context: AppRequestContext) async throws -> Response {
        let frame = pages.frame(request, context: context)
        guard let summary = try await held(request, context: context), let token = Self.token(request, id: summary.id) else { return missing(frame) }
        do {
            _ = try await actions.resendCode(summary.id, token: token, requestId: context.requestId)
        } catch let error as AppError where error.status == .conflict {
            return pages.redirect("/privacy/requests/\(summary.id)")
        } catch let error as AppError where error.status == .tooManyRequests {
            var view = RequestStatusPage(frame: frame, summary: summary, now: actions.consent.now())
            view.errors = FormErrors(general: error.message)
            return page(view, status: .tooManyRequests)
        }
        return pages.redirect("/privacy/requests/\(summary.id)?sent=1")
    }

    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let frame = pages.frame(request, context: context)
        guard let summary = try await held(request, context: context), let token = Self.token(request, id: summary.id) else { return missing(frame) }
        let bytes = try await actions.download(summary.id, token: token, requestId: context.requestId)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"custodian-export-\(summary.id).json\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: - helpers

    /// The request of the path when this browser's cookie holds its token.
    func held(_ request: Request, context: AppRequestContext) async throws -> PrivacyRequestSummary? {
        guard let id = context.parameters.get("id"), let token = Self.token(request, id: id) else { return nil }
        return try await actions.requests.summary(id, token: token)
    }

    /// The token the cookie holds for request `id`.
    static func token(_ request: Request, id: String) -> String? {
        guard let value = request.cookies[cookieName]?.value, let dot = value.firstIndex(of: ".") else { return nil }
        guard value[..<dot] == id else { return nil }
        return String(value[value.index(after: dot)...])
    }

    func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(name: Self.cookieName, value: value, maxAge: maxAge, path: "/privacy/requests", secure: pages.secureCookies, httpOnly: true, sameSite: .strict)
    }

    func page(_ view: RequestStatusPage, status: HTTPResponse.Status = .ok) -> Response {
        var response = pages.html(view.render(), frame: view.frame, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func missing(_ frame: PageFrame) -> Response {
        pages.html(RequestMissingPage.render(frame), frame: frame, status: .notFound)
    }
}
