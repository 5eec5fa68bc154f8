import CustodianCore
import CustodianStore
import Foundation

/// What a comment form shows again after a problem: never the email address, which is not
/// echoed into any page (as a password is not).
struct CommentFormValues: Sendable, Equatable {
    var name: String?
    var website: String?
    var body: String?
}

/// The "Leave a Reply" form and the list of published comments of a page, as HTML fragments.
/// Every value is escaped; there is no script and no inline style (the CSP forbids both).
struct CommentSection: Sendable {
    var frame: PageFrame
    /// Where the form posts.
    var action: String
    /// Published comments, newest first.
    var comments: [CommentViews.Published]
    /// How many comments the page has published in all.
    var total: Int
    /// The link to older comments, when there are more.
    var olderLink: String?
    var values = CommentFormValues()
    var errors = FormErrors()
    /// A line after posting ("awaiting moderation").
    var notice: String?
    /// Whether the notes ("Your email address will not be published. Required fields are marked *")
    /// must be written here; false when the policy's own "Leave a Reply" section says them already.
    var writeNotes = true

    static let esc = PageLayout.escape
    static let emailNote = "Your email address will not be published."
    static let requiredNote = "Required fields are marked *"

    /// The form, with the problems of the last attempt tied to their fields.
    func form() -> String {
        var html = ["<div class=\"comment-respond\" id=\"respond\">"]
        if let notice { html.append("<p role=\"status\" class=\"notice\">\(Self.esc(notice))</p>") }
        html.append(FormView.summary(errors))
        html.append("<form method=\"post\" action=\"\(Self.esc(action))\" id=\"comment-form\" novalidate>")
        html.append(CSRF.field(frame.token))
        if writeNotes {
            html.append("<p class=\"comment-notes\"><span id=\"email-notes\">\(Self.esc(Self.emailNote))</span> \(Self.esc(Self.requiredNote))</p>")
        }
        html.append(textarea("body", label: "Comment", value: values.body))
        html.append(FormView.input("name", label: "Name", value: values.name, required: true, autocomplete: "name", errors: errors))
        html.append(FormView.input(
            "email", label: "Email", type: "email", value: nil, required: true, autocomplete: "email", hint: Self.emailNote, errors: errors))
        html.append(FormView.input("website", label: "Website", type: "url", value: values.website, autocomplete: "url", errors: errors))
        html.append("<div class=\"actions\"><button type=\"submit\">Post Comment</button></div>")
        html.append("</form>")
        html.append("</div>")
        return html.joined(separator: "\n")
    }

    /// The published comments, newest first, with a link to older ones.
    func list() -> String {
        var html = ["<section id=\"comments-list\" class=\"comments\" aria-labelledby=\"comments-list-title\">"]
        let heading = switch total {
        case 0: "No comments yet"
        case 1: "One comment"
        default: "\(total) comments"
        }
        html.append("<h2 id=\"comments-list-title\">\(heading)</h2>")
        if !comments.isEmpty {
            html.append("<ol class=\"comment-list\">")
            html += comments.map(Self.item)
            html.append("</ol>")
        }
        if let olderLink { html.append("<p><a href=\"\(Self.esc(olderLink))\">Older comments</a></p>") }
        html.append("</section>")
        return html.joined(separator: "\n")
    }

    /// One comment: the name (linked to the website, marked as user content), the date, the body
    /// in paragraphs.
    static func item(_ comment: CommentViews.Published) -> String {
        let name = esc(comment.name)
        let author = comment.website.map { "<a href=\"\(esc($0))\" rel=\"external nofollow ugc noopener noreferrer\">\(name)</a>" } ?? name
        let millis = Int64(comment.createdAt.timeIntervalSince1970 * 1000)
        let paragraphs = comment.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { paragraph in
            "<p>" + paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { esc(String($0)) }.joined(separator: "<br>") + "</p>"
        }.joined()
        return "<li id=\"comment-\(esc(comment.id))\"><article class=\"comment\"><header><p class=\"comment-author\">\(author)</p>"
            + "<p class=\"comment-meta\"><time datetime=\"\(PageLayout.day(millis))\">\(PageLayout.day(millis))</time></p></header>"
            + "<div class=\"comment-body\">\(paragraphs)</div></article></li>"
    }

    /// A labelled, required text area with its error tied to it, like ``FormView/input``.
    func textarea(_ name: String, label text: String, value: String?) -> String {
        let (lines, describedBy) = FormView.described(name, hint: nil, errors: errors)
        let id = Self.esc(FormView.id(name))
        return "<div class=\"field\">\(FormView.label(name, text, required: true))\(lines)"
            + "<textarea id=\"\(id)\" name=\"\(Self.esc(name))\" rows=\"8\" maxlength=\"\(CommentRules.body.maximumLength)\" required\(describedBy)>"
            + "\(Self.esc(value ?? ""))</textarea></div>"
    }
}
