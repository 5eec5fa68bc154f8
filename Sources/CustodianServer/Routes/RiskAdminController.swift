import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// The risky-URL registry and risk events for staff (scope `admin`). Every change is audited by
/// the store and rebuilds this node's registry index at once.
struct RiskAdminController {
    let screening: URLScreening
    let store: RiskyURLStore
    let events: RiskEventStore
    /// Import bodies above this are refused (413); larger lists go through `custodian risk import`.
    static let importLimit = 1 << 20

    func addRoutes(to router: Router<AppRequestContext>) {
        let staff = router.group("v1/admin/risk").add(middleware: RequireScope(scope: .admin))
        staff.get("urls", use: list)
        staff.post("urls", use: flag)
        staff.post("urls/import", use: importList)
        staff.get("urls/{id}", use: show)
        staff.delete("urls/{id}", use: remove)
        staff.get("events", use: listEvents)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let match = try ContactController.choice(request, "match", RiskyURLMatch.self)
        let category = try ContactController.choice(request, "category", RiskyURLCategory.self)
        let source = request.uri.queryParameters["source"].map(String.init)
        let value = request.uri.queryParameters["value"].map(String.init)
        let limit = Int(try AdminController.queryInt(request, "limit", default: 50, range: 1...200))
        let items = try await store.list(
            match: match, category: category, source: source, value: value, limit: limit, after: try ContactController.cursor(request))
        let next = items.count == limit ? items.last.map { PageCursor(createdAt: $0.createdAt, id: $0.id).token } : nil
        return try .json(RiskViews.Page(items: items.map(RiskViews.Listing.init), next: next))
    }

    struct Flag: Decodable {
        var value: String?
        var match: String?
        var category: String?
        var source: String?
        var confidence: Double?
        var expiresAt: String?
    }

    /// Flags a URL, host or domain (`match` defaults to `url` for values with a scheme and
    /// `domain` otherwise); 201 when new, 200 when an existing listing was refreshed.
    @Sendable func flag(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: Flag.self, context: context)
        var problems: [FieldError] = []
        var match: RiskyURLMatch?
        if let given = body.match {
            match = RiskyURLMatch(rawValue: given)
            if match == nil { problems.append(FieldError(field: "match", code: "invalid_choice", message: "Choose one of: url, host, domain.")) }
        }
        let category = body.category.flatMap(RiskyURLCategory.init(rawValue:))
        if category == nil {
            problems.append(FieldError(
                field: "category", code: body.category == nil ? "required" : "invalid_choice", message: "Choose one of: phishing, malware, scam, spam."))
        }
        var normalized: (RiskyURLMatch, String)?
        if let value = body.value, !value.isEmpty {
            let chosen = match ?? (value.contains("://") ? .url : .domain)
            if let text = RiskyURLListing.normalize(value, as: chosen) { normalized = (chosen, text) } else {
                problems.append(FieldError(field: "value", code: "invalid", message: "This is not a URL, host or domain a browser would open."))
            }
        } else {
            problems.append(FieldError(field: "value", code: "required", message: "Give the URL, host or domain to flag."))
        }
        let confidence = body.confidence ?? 1
        if !(0...1).contains(confidence) { problems.append(FieldError(field: "confidence", code: "out_of_range", message: "Give a number from 0 to 1.")) }
        var expiresAt: Int64?
        if let text = body.expiresAt {
            expiresAt = ISOTimestamp.millis(text)
            if expiresAt == nil { problems.append(FieldError(field: "expiresAt", code: "invalid", message: "Give an RFC 3339 time.")) }
        }
        let source = body.source ?? "manual"
        if source.isEmpty || source.utf8.count > 100 { problems.append(FieldError(field: "source", code: "invalid", message: "Name the source in 1 to 100 characters.")) }
        guard problems.isEmpty, let normalized, let category else { throw AppError.validation(problems) }
        let (record, created) = try await store.flag(
            RiskyURLDraft(match: normalized.0, value: normalized.1, category: category, source: source, confidence: confidence, expiresAt: expiresAt),
            actor: context.actor, requestId: context.requestId)
        try await screening.reload()
        return try .json(RiskViews.Listing(record), status: created ? .created : .ok)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let record = try await store.record(id) else { throw AppError.notFound("There is no listing with this id.") }
        return try .json(RiskViews.ListingDetail(listing: RiskViews.Listing(record), history: try await store.history(id).map(RiskViews.History.init)))
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await store.remove(try context.parameters.require("id"), actor: context.actor, requestId: context.requestId) else {
            throw AppError.notFound("There is no listing with this id.")
        }
        try await screening.reload()
        return Response(status: .noContent)
    }

    /// `POST /v1/admin/risk/urls/import?category=&source=&format=text|csv&match=&confidence=&expiresInDays=`
    /// with the list as the body (`text/plain` or `text/csv`).
    @Sendable func importList(_ request: Request, context: AppRequestContext) async throws -> Response {
        var problems: [FieldError] = []
        let category = try ContactController.choice(request, "category", RiskyURLCategory.self)
        if category == nil { problems.append(FieldError(field: "category", code: "required", message: "Choose one of: phishing, malware, scam, spam.")) }
        let source = request.uri.queryParameters["source"].map(String.init) ?? ""
        if source.isEmpty || source.utf8.count > 100 { problems.append(FieldError(field: "source", code: "required", message: "Name the list's source in 1 to 100 characters.")) }
        let match = try ContactController.choice(request, "match", RiskyURLMatch.self) ?? .domain
        let confidence = Double(String(request.uri.queryParameters["confidence"] ?? "1")) ?? -1
        if !(0...1).contains(confidence) { problems.append(FieldError(field: "confidence", code: "out_of_range", message: "Give a number from 0 to 1.")) }
        let days = try AdminController.queryInt(request, "expiresInDays", default: 0, range: 0...3_650)
        let mediaType = HTTPText.mediaType(request.headers[.contentType]) ?? ""
        let format = try ContactController.choice(request, "format", BlockListParser.Format.self) ?? (mediaType == "text/csv" ? .csv : .text)
        guard problems.isEmpty, let category else { throw AppError.validation(problems) }
        guard mediaType == "text/plain" || mediaType == "text/csv" else {
            throw AppError(.unsupportedMediaType, code: "unsupported_media_type", message: "Send the list as 'Content-Type: text/plain' or 'text/csv'.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.importLimit)
        } catch {
            throw AppError.payloadTooLarge(limit: Self.importLimit)
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw AppError(.badRequest, code: "malformed_body", message: "The list is not UTF-8 text.")
        }
        let summary = try await Self.importText(
            text, format: format, match: match, category: category, source: source, confidence: confidence,
            expiresAt: days > 0 ? screening.now() + days * 86_400_000 : nil, store: store, actor: context.actor, requestId: context.requestId)
        try await screening.reload()
        return try .json(summary, status: .created)
    }

    /// Parses and imports a list (``RiskCommands/importBlockList``), as the JSON answer.
    static func importText(
        _ text: String, format: BlockListParser.Format, match: RiskyURLMatch, category: RiskyURLCategory, source: String, confidence: Double,
        expiresAt: Int64?, store: RiskyURLStore, actor: String, requestId: String?
    ) async throws -> RiskViews.ImportResult {
        let (summary, problems) = try await RiskCommands.importBlockList(
            text, format: format, match: match, category: category, source: source, confidence: confidence, expiresAt: expiresAt, store: store,
            actor: actor, requestId: requestId)
        return RiskViews.ImportResult(
            id: summary.id, source: summary.source, category: summary.category.rawValue, format: summary.format, linesRead: summary.linesRead,
            added: summary.added, updated: summary.updated, skipped: summary.skipped,
            problems: problems.prefix(20).map { RiskViews.ImportResult.Problem(line: $0.line, reason: $0.reason) })
    }

    @Sendable func listEvents(_ request: Request, context: AppRequestContext) async throws -> Response {
        let kind = request.uri.queryParameters["kind"].map(String.init)
        let limit = Int(try AdminController.queryInt(request, "limit", default: 50, range: 1...200))
        let items = try await events.list(kind: kind, limit: limit, after: try ContactController.cursor(request))
        let next = items.count == limit ? items.last.map { PageCursor(createdAt: $0.createdAt, id: $0.id).token } : nil
        return try .json(RiskViews.Page(items: items.map(RiskViews.Event.init), next: next))
    }
}
