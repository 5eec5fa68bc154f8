import CustodianCore
import CustodianStore
import Foundation

/// What posting, publishing and moderating comments does, shared by the JSON API
/// (``CommentsController``), the form under `/privacy` (``CommentPages``) and the staff console.
/// Failures are ``AppError``s (422 naming each field, 429 when a sender posts too often).
///
/// The commenter's email address goes into the store sealed and is never handed out: no view,
/// list or moderation answer here carries it.
struct CommentActions: Sendable {
    let comments: CommentStore
    let consent: ConsentService
    let audit: AuditLog
    /// Per network (IPv4 /24, IPv6 /48): 10 comments an hour.
    var networkLimiter = SubmissionLimiter(limit: 10, window: .seconds(3_600))
    /// Per address (its blind-index digest, never the address): 5 comments an hour.
    var emailLimiter = SubmissionLimiter(limit: 5, window: .seconds(3_600))
    /// Links in the body and the website are screened; a flagged one makes the comment `spam`.
    var screening: URLScreening?
    /// Where the links found in comments are recorded.
    static let sightingContext = "comment"

    /// A comment as sent: every field optional so that validation names each problem.
    struct Submission: Decodable, Sendable {
        var name: String?
        var email: String?
        var body: String?
        var website: String?
        var page: String?
    }

    /// Validates, rate-limits, screens and stores a comment. A signed-in `person`'s comment is
    /// linked to them. Its status is the store's: `approved` when the address has an approved
    /// comment already, `pending` for a first comment, `spam` when a link was flagged.
    func post(_ submission: Submission, person: String?, remoteIP: String?, actor: String, requestId: String) async throws -> CommentSummary {
        var draft = try Self.validate(submission)
        draft.person = person
        if let wait = networkLimiter.admit(SubmissionLimiter.visitorKey(remoteIP: remoteIP)) {
            throw AppError.tooManyComments(retryAfterSeconds: wait)
        }
        let digest = try await comments.emailDigest(draft.emailLookup)
        if let wait = emailLimiter.admit("email:" + Hex.encode(digest)) {
            throw AppError.tooManyComments(retryAfterSeconds: wait)
        }
        let screened = screen(body: draft.body, website: draft.website)
        draft.flagged = screened?.shouldHold == true
        do {
            let summary = try await comments.create(draft, actor: actor, requestId: requestId)
            if let screening, let screened, !screened.flagged.isEmpty {
                try await screening.record(
                    screened, person: person, keySubject: summary.keySubject, context: Self.sightingContext, itemId: summary.id, requestId: requestId)
            }
            return summary
        } catch StoreError.notFound {
            // The session outlived its person (erased a moment ago).
            throw AppError.sessionRequired
        }
    }

    /// The links of the body, and the website, judged together.
    func screen(body: String, website: String?) -> URLScreening.TextScreening? {
        guard let screening else { return nil }
        var screened = screening.screen(text: body)
        if let website {
            let assessment = screening.check(website)
            if assessment.verdict != .safe, !screened.flagged.contains(where: { $0.link == website }) {
                screened.flagged.append((website, assessment))
                screened.verdict = max(screened.verdict, assessment.verdict)
            }
        }
        return screened
    }

    /// Approved comments of `page`, newest first, opened through the purpose gate.
    func published(page: String, limit: Int, after cursor: PageCursor?) async throws -> (items: [CommentRecord], next: PageCursor?) {
        let records = try await comments.list(page: page, status: .approved, limit: limit, after: cursor, access: access)
        return (records.filter { $0.content != nil }, Self.next(records, limit: limit))
    }

    /// The moderation queue (or any status): comments with their name, website and body — never
    /// the address — for staff. Audited (`comment.list`: the status, page and count).
    func queue(
        status: CommentStatus?, page: String?, limit: Int, after cursor: PageCursor?, actor: String, requestId: String
    ) async throws -> (items: [CommentRecord], next: PageCursor?) {
        let records = try await comments.list(page: page, status: status, limit: limit, after: cursor, access: access)
        var details = ["count": String(records.count)]
        if let status { details["status"] = status.rawValue }
        if let page { details["page"] = page }
        try await audit.record(AuditEvent(
            actor: actor, action: "comment.list", purpose: CommentRules.purpose, categories: [CommentRules.contentCategory], requestId: requestId,
            details: details))
        return (records, Self.next(records, limit: limit))
    }

    /// Publishes a comment (and so approves its address's later ones).
    func approve(_ id: String, actor: String, requestId: String) async throws -> CommentSummary {
        try await moderate(id, to: .approved, actor: actor, requestId: requestId)
    }

    func reject(_ id: String, actor: String, requestId: String) async throws -> CommentSummary {
        try await moderate(id, to: .rejected, actor: actor, requestId: requestId)
    }

    func markSpam(_ id: String, actor: String, requestId: String) async throws -> CommentSummary {
        try await moderate(id, to: .spam, actor: actor, requestId: requestId)
    }

    /// Sets a comment's status, audited (`comment.status` with from and to).
    func moderate(_ id: String, to status: CommentStatus, actor: String, requestId: String) async throws -> CommentSummary {
        guard let summary = try await comments.setStatus(id, to: status, actor: actor, requestId: requestId) else { throw AppError.commentNotFound }
        return summary
    }

    /// Erases a comment (its key shredded) and what screening recorded about its links; audited.
    func erase(_ id: String, actor: String, requestId: String) async throws {
        guard try await comments.erase(id, actor: actor, requestId: requestId) else { throw AppError.commentNotFound }
        try await screening?.sightings.forget(context: Self.sightingContext, item: id)
    }

    /// Why a comment was held as spam: the reasons recorded when its links were screened.
    func holdReasons(_ id: String) async throws -> [URLRiskReason] {
        guard let screening else { return [] }
        var seen = Set<URLRiskReason>()
        return try await screening.sightings.sightings(context: Self.sightingContext, item: id).flatMap(\.reasons).filter { seen.insert($0).inserted }
    }

    /// The gate's access to one comment's content: the comment is its own subject (its key is its
    /// own), asked as for an account holder with no recorded choices — publishing what someone
    /// posted is the service they used. A policy without the purpose or category opens nothing.
    var access: @Sendable (CommentSummary) -> Access? {
        let gate = consent.gate
        return { summary in
            try? gate.authorize(
                subject: summary.keySubject, consent: [:], purpose: CommentRules.purpose, categories: [CommentRules.contentCategory],
                signals: .none, hasAccount: true).get()
        }
    }

    static func next(_ records: [CommentRecord], limit: Int) -> PageCursor? {
        guard records.count == limit, let last = records.last else { return nil }
        return PageCursor(createdAt: last.summary.createdAt, id: last.summary.id)
    }
}

extension AppError {
    static let commentNotFound = AppError.notFound("There is no comment with this id.")

    static func tooManyComments(retryAfterSeconds: Int) -> AppError {
        AppError(
            .tooManyRequests, code: "too_many_requests", message: "Too many comments in a short time; try again later.",
            headers: [.retryAfter: String(retryAfterSeconds)])
    }
}
