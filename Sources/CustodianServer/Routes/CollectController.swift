import CustodianCore
import CustodianStore
import Foundation
import HTTPTypes
import Hummingbird
import Metrics

/// `POST /v1/collect` (scope `collect`): Segment-shaped events from web pages, apps and servers,
/// answered 202 once durable; `GET /v1/admin/events` (scope `admin`) and `GET /v1/people/me/events`
/// show what was kept.
///
/// Browsers post with `navigator.sendBeacon`, which can set neither headers nor a JSON content
/// type: the key may come as `writeKey` in the body, `text/plain` is read as JSON, and every
/// answer carries `Access-Control-Allow-Origin: *` (no credentials: the key is the authority).
struct CollectController {
    let collector: Collector
    let apiKeys: any APIKeyRepository
    let events: EventStore
    let now: @Sendable () -> Int64
    let acceptedCounter = Counter(label: "custodian_events_accepted_total")
    let rejectedCounter = Counter(label: "custodian_events_rejected_total")
    let busyCounter = Counter(label: "custodian_ingest_busy_total")
    let pendingGauge = Gauge(label: "custodian_ingest_pending_events")

    func addRoutes(to router: Router<AppRequestContext>) {
        let collect = router.group("v1/collect").add(middleware: CORSForCollection())
        collect.post(use: collectEvents)
        collect.on("", method: .options) { _, _ in Response(status: .noContent) }
        router.group("v1/admin/events").add(middleware: RequireScope(scope: .admin)).get(use: recent)
        router.group("v1/people/me/events").add(middleware: RequireSession()).get(use: mine)
    }

    struct Rejected {
        var index: Int
        var field: String
        var code: String
        var message: String
    }

    @Sendable func collectEvents(_ request: Request, context: AppRequestContext) async throws -> Response {
        let receivedAt = now()
        guard Request.isJSON(request.headers[.contentType]) || Self.isPlainText(request.headers[.contentType]) else {
            throw AppError.unsupportedMediaType
        }
        let limit = CollectPayload.maxBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Self.tooLarge("The body is larger than \(limit) bytes; send at most \(limit) bytes and \(CollectPayload.maxEvents) events per request.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Self.tooLarge("The body is larger than \(limit) bytes; send at most \(limit) bytes and \(CollectPayload.maxEvents) events per request.")
        }
        let payload: CollectPayload
        do {
            payload = try CollectPayload.parse(buffer.readableBytesView)
        } catch {
            switch error {
            case .malformed: throw AppError.malformedJSON()
            case .shape(let message): throw AppError(.unprocessableContent, code: "invalid_body", message: message, fields: [FieldError(field: "body", code: "invalid_type", message: message)])
            case .tooManyEvents(let count): throw Self.tooLarge("The batch has \(count) events; send at most \(CollectPayload.maxEvents) per request.")
            }
        }
        let key = try await authenticate(context: context, writeKey: payload.writeKey)
        let facts = RequestFacts(
            clientIP: context.remoteIP, userAgent: request.headers[.userAgent], acceptLanguage: request.headers[.acceptLanguage],
            signals: PrivacySignals(request: request), receivedAt: receivedAt)
        let outcome: Collector.Outcome
        do {
            outcome = try await collector.collect(payload, facts: facts, source: key.serviceId ?? "key:\(key.id)", sessionPerson: context.session?.personId)
        } catch EventStoreError.busy {
            busyCounter.increment()
            throw AppError(.tooManyRequests, code: "ingest_busy", message: "The server is writing as fast as it can; send this batch again shortly.", headers: [.retryAfter: "1"])
        }
        acceptedCounter.increment(by: outcome.accepted)
        if !outcome.rejected.isEmpty { rejectedCounter.increment(by: Set(outcome.rejected.map(\.index)).count) }
        pendingGauge.record(events.pending)
        let rejected = outcome.rejected.map { Rejected(index: $0.index, field: $0.field, code: $0.code, message: $0.message) }
        guard outcome.accepted > 0 || rejected.isEmpty else {
            throw AppError.validation(outcome.rejected.map { problem in
                let path = payload.isBatch ? "batch[\(problem.index)]" + (problem.field.isEmpty ? "" : "." + problem.field) : (problem.field.isEmpty ? "body" : problem.field)
                return FieldError(field: path, code: problem.code, message: problem.message)
            })
        }
        return Self.acceptedResponse(accepted: outcome.accepted, rejected: rejected)
    }

    /// The 202 body `{"accepted": n, "rejected": [...]}` (openapi.yaml: CollectAccepted), written
    /// by hand: it answers every collect request, and JSONEncoder was 3 % of a single event's cost.
    static func acceptedResponse(accepted: Int, rejected: [Rejected]) -> Response {
        var text = #"{"accepted":"# + String(accepted) + #","rejected":["#
        for (position, item) in rejected.enumerated() {
            if position > 0 { text += "," }
            text += #"{"code":"# + JSONText.quoted(item.code) + #","field":"# + JSONText.quoted(item.field)
            text += #","index":"# + String(item.index) + #","message":"# + JSONText.quoted(item.message) + "}"
        }
        text += "]}"
        return Response(
            status: .accepted, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The key from `Authorization`, or else the body's `writeKey`; it must allow `collect`.
    func authenticate(context: AppRequestContext, writeKey: String?) async throws -> APIKey {
        var key = context.apiKey
        if key == nil, let writeKey, writeKey.hasPrefix(APIKeyStore.secretPrefix) {
            guard let found = try await apiKeys.authenticate(writeKey) else { throw AppError.unauthenticated }
            key = found
        }
        guard let key else { throw AppError.unauthenticated }
        guard key.allows(.collect) else { throw AppError.insufficientScope(APIScope.collect.rawValue) }
        return key
    }

    static func isPlainText(_ contentType: String?) -> Bool {
        HTTPText.mediaType(contentType) == "text/plain"
    }

    static func tooLarge(_ message: String) -> AppError {
        AppError(.contentTooLarge, code: "payload_too_large", message: message)
    }

    @Sendable func recent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = try Self.limit(request)
        return try .json(["items": try await events.recent(limit: limit).map(EventView.init)])
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        let limit = try Self.limit(request)
        return try .json(["items": try await events.events(of: person, limit: limit).map(EventView.init)])
    }

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return 100 }
        guard let value = Int(text), (1...1000).contains(value) else {
            throw AppError.validation(field: "limit", code: "out_of_range", message: "Give a limit between 1 and 1000.")
        }
        return value
    }
}

/// A stored event as JSON: the store's own fields, with the two times as ISO 8601 text.
struct EventView: Encodable {
    let event: StoredEvent

    init(_ event: StoredEvent) {
        self.event = event
    }

    enum TimeKeys: String, CodingKey {
        case occurredAt, receivedAt
    }

    func encode(to encoder: any Encoder) throws {
        try event.encode(to: encoder)
        // The same keyed container again: these two keys are written over.
        var times = encoder.container(keyedBy: TimeKeys.self)
        try times.encode(ISOTimestamp.string(event.occurredAt), forKey: .occurredAt)
        try times.encode(ISOTimestamp.string(event.receivedAt), forKey: .receivedAt)
    }
}

/// CORS for the collection endpoint, on answers and errors alike.
struct CORSForCollection: RouterMiddleware {
    typealias Context = AppRequestContext

    static let headers: HTTPFields = [
        .accessControlAllowOrigin: "*",
        .accessControlAllowMethods: "POST, OPTIONS",
        .accessControlAllowHeaders: "Authorization, Content-Type",
        .accessControlMaxAge: "86400",
        // So that the web SDK can honour a 429's Retry-After across origins.
        .accessControlExposeHeaders: "Retry-After",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers.append(contentsOf: Self.headers)
            return response
        } catch var error as AppError {
            error.headers.append(contentsOf: Self.headers)
            throw error
        }
    }
}
