import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// The `/privacy` page with its comments: the policy, the "Leave a Reply" form inside the
/// policy's own comments section, and the published comments below the policy.
///
/// The policy article is rendered once at start-up and split where the form goes, so a request
/// costs the comment list only. The page carries the browser's CSRF token, so it is never stored
/// by caches (`no-store`, the default for pages).
struct PolicyWithComments: Sendable {
    let published: PublishedPolicy
    let actions: CommentActions
    let pages: PageResponder
    /// The article up to the end of its comments section, and from there.
    let head: String
    let tail: String
    /// Whether the policy's comments section already says the form's notes.
    let policySaysNotes: Bool
    /// The page the comments belong to, and where the form posts.
    static let page = "/privacy"
    static let action = "/privacy/comments"
    /// Published comments per page of the list.
    static let pageSize = 50

    init(published: PublishedPolicy, actions: CommentActions, pages: PageResponder) {
        self.published = published
        self.actions = actions
        self.pages = pages
        let article = PolicyRenderer.html(published.policy)
        // The comments section is the article's last: the form goes before its closing tags.
        if let end = article.range(of: "</section>\n</article>", options: .backwards) {
            head = String(article[..<end.lowerBound])
            tail = String(article[end.lowerBound...])
        } else {
            head = article
            tail = ""
        }
        let notes = published.policy.prose.comments.paragraphs.map { published.policy.resolved($0) }.joined(separator: " ")
        policySaysNotes = notes.contains(CommentSection.emailNote) && notes.contains(CommentSection.requiredNote)
    }

    /// The page: `?comments=<cursor>` shows older comments, `?comment=pending|published` the
    /// line after posting; `values` and `errors` refill the form after a problem.
    func response(
        _ request: Request, context: AppRequestContext, values: CommentFormValues = .init(), errors: FormErrors = .init(),
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let frame = pages.frame(request, context: context)
        // A cursor that is not ours shows the newest comments rather than an error page.
        let cursor = request.uri.queryParameters["comments"].flatMap { PageCursor(token: String($0)) }
        let (records, next) = try await actions.published(page: Self.page, limit: Self.pageSize, after: cursor)
        let notice: String? = switch request.uri.queryParameters["comment"] {
        case "published": "Thank you. Your comment is published."
        case "pending": "Thank you. Your comment is awaiting moderation."
        default: nil
        }
        let section = CommentSection(
            frame: frame, action: Self.action, comments: records.compactMap(CommentViews.Published.init),
            total: try await actions.comments.count(page: Self.page, status: .approved),
            olderLink: next.map { "\(Self.page)?comments=\($0.token)#comments-list" }, values: values, errors: errors, notice: notice,
            writeNotes: !policySaysNotes)
        let article = head + "\n" + section.form() + "\n" + tail + "\n" + section.list()
        let html = PolicyPages.policyPage(
            published.policy, version: published.version, effectiveAt: nil, changes: nil, isCurrent: true, navigation: frame.navigation,
            article: article)
        return pages.html(errors.isEmpty ? html : html.replacingOccurrences(of: "<title>", with: "<title>Error: "), frame: frame, status: status)
    }
}

/// `POST /privacy/comments`: the "Leave a Reply" form (HTML form data, CSRF-checked by the page
/// group). Success is `303` back to `/privacy` with a line saying whether the comment is published
/// or waits; a problem re-renders the page with each error tied to its field (422, or 429 when
/// the sender posts too often).
struct CommentPages {
    let section: PolicyWithComments

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.post("privacy/comments", use: post)
    }

    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await PageForm.read(&request)
        let submission = CommentActions.Submission(
            name: form.trimmed("name"), email: form.trimmed("email"), body: form["body"], website: form.trimmed("website"),
            page: PolicyWithComments.page)
        let values = CommentFormValues(name: form["name"], website: form["website"], body: form["body"])
        do {
            let summary = try await section.actions.post(
                submission, person: context.session?.personId, remoteIP: context.remoteIP, actor: context.actor, requestId: context.requestId)
            let outcome = summary.status == .approved ? "published" : "pending"
            return section.pages.redirect("\(PolicyWithComments.page)?comment=\(outcome)#respond")
        } catch let error as AppError where error.fields != nil {
            return try await section.response(
                request, context: context, values: values, errors: FormErrors(fields: error.fields ?? []), status: .unprocessableContent)
        } catch let error as AppError where error.status == .tooManyRequests {
            var response = try await section.response(
                request, context: context, values: values, errors: FormErrors(general: "You have posted many comments in a short time. Try again later."),
                status: .tooManyRequests)
            response.headers[.retryAfter] = error.headers[.retryAfter]
            return response
        }
    }
}
