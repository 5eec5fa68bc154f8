/// The kinds of collected event, as in Segment's spec.
public enum EventType: String, Sendable, CaseIterable {
    case page
    case screen
    case track
    case identify
}

/// One event as a client sent it, checked for shape and limits, not yet enriched.
public struct IncomingEvent: Sendable, Equatable {
    public var type: EventType
    public var messageId: String
    public var anonymousId: String?
    /// The Custodian person id, when the client knows it.
    public var userId: String?
    /// When it happened, by the client's clock (ms since the epoch).
    public var timestamp: Int64?
    /// When the client sent it, by the same clock.
    public var sentAt: Int64?
    /// The event name (`track`) or the page/screen name.
    public var name: String?
    /// Free-form properties (a JSON object), kept as compact JSON text.
    public var properties: String?
    public var context: EventContext

    public init(type: EventType, messageId: String, anonymousId: String? = nil, userId: String? = nil, timestamp: Int64? = nil,
                sentAt: Int64? = nil, name: String? = nil, properties: String? = nil, context: EventContext = EventContext()) {
        self.type = type
        self.messageId = messageId
        self.anonymousId = anonymousId
        self.userId = userId
        self.timestamp = timestamp
        self.sentAt = sentAt
        self.name = name
        self.properties = properties
        self.context = context
    }
}

/// The `context` of an event: what the client knows about where it was sent from.
public struct EventContext: Sendable, Equatable {
    public var ip: String?
    public var userAgent: String?
    public var locale: String?
    public var timezone: String?
    public var screenWidth: Int?
    public var screenHeight: Int?
    public var screenDensity: Double?
    public var deviceId: String?
    public var deviceManufacturer: String?
    public var deviceModel: String?
    public var deviceType: String?
    public var osName: String?
    public var osVersion: String?
    public var latitude: Double?
    public var longitude: Double?
    public var pageURL: String?
    public var pageReferrer: String?
    public var pageTitle: String?
    public var pagePath: String?
    public var appName: String?
    public var appVersion: String?
    public var libraryName: String?
    public var libraryVersion: String?
    /// `privacy.gpc` / `privacy.dnt`: the browser's signals as the SDK read them.
    public var gpc: Bool = false
    public var dnt: Bool = false
    /// `privacy.analytics: false`: the person refused analytics in the site's or app's own
    /// consent prompt (the SDKs' `consent({analytics: false})`).
    public var analyticsRefused: Bool = false

    public init() {}
}

/// A problem with one field of one event in a batch.
public struct EventProblem: Sendable, Equatable, Error {
    /// The index of the event in the batch (0 for a single event).
    public var index: Int
    /// The field's path inside the event, e.g. `context.page.url`.
    public var field: String
    public var code: String
    public var message: String

    public init(index: Int, field: String, code: String, message: String) {
        self.index = index
        self.field = field
        self.code = code
        self.message = message
    }
}
