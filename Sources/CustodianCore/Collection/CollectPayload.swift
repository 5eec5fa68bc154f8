/// The body of `POST /v1/collect`: one event, or `{"batch": [...]}`; checked event by event so
/// that a bad event is reported by index while the good ones are kept.
public struct CollectPayload: Sendable {
    /// The most events in one request.
    public static let maxEvents = 500
    /// The largest body, in bytes.
    public static let maxBytes = 512 * 1024

    /// The events in order: each one valid, or the problems that made it invalid.
    public var events: [Result<IncomingEvent, EventProblems>]
    /// A write key given in the body (for `navigator.sendBeacon`, which cannot set headers).
    public var writeKey: String?
    /// Whether the body was a batch (rather than a single event).
    public var isBatch: Bool

    /// All problems of one event.
    public struct EventProblems: Error, Sendable, Equatable {
        public var problems: [EventProblem]
    }

    /// Why a body was refused as a whole.
    public enum Refusal: Error, Sendable, Equatable {
        /// Not JSON at all.
        case malformed(String)
        /// JSON, but not an object or `batch` is not an array.
        case shape(String)
        /// More than ``maxEvents`` events.
        case tooManyEvents(Int)
    }

    /// Parses and checks a request body.
    public static func parse(_ bytes: some Collection<UInt8>) throws(Refusal) -> CollectPayload {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes, maxDepth: 16)
        } catch {
            throw .malformed(error.reason)
        }
        guard case .object(let members) = root else { throw .shape("The body must be a JSON object: an event, or {\"batch\": [events]}.") }
        let writeKey = members["writeKey"]?.stringValue
        guard let batch = members["batch"] else {
            return CollectPayload(events: [EventReader.read(members, index: 0, defaults: nil, batchSentAt: nil)], writeKey: writeKey, isBatch: false)
        }
        guard case .array(let items) = batch else { throw .shape("batch must be an array of events.") }
        guard items.count <= maxEvents else { throw .tooManyEvents(items.count) }
        let defaults = members["context"]?.objectValue
        let sentAt = members["sentAt"]?.stringValue.flatMap(ISOTimestamp.millis)
        var events: [Result<IncomingEvent, EventProblems>] = []
        events.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case .object(let event) = item else {
                events.append(.failure(EventProblems(problems: [EventProblem(index: index, field: "", code: "invalid_type", message: "An event must be a JSON object.")])))
                continue
            }
            events.append(EventReader.read(event, index: index, defaults: defaults, batchSentAt: sentAt))
        }
        return CollectPayload(events: events, writeKey: writeKey, isBatch: true)
    }
}

/// Reads one event object field by field, collecting every problem.
struct EventReader {
    static let maxIdLength = 100
    static let maxNameLength = 200
    static let maxTextLength = 2048
    static let maxPropertiesBytes = 16 * 1024
    static let maxPropertiesDepth = 6

    let index: Int
    var problems: [EventProblem] = []

    static func read(_ event: JSONObject, index: Int, defaults: JSONObject?, batchSentAt: Int64?) -> Result<IncomingEvent, CollectPayload.EventProblems> {
        var reader = EventReader(index: index)
        let result = reader.event(event, defaults: defaults, batchSentAt: batchSentAt)
        if let result, reader.problems.isEmpty { return .success(result) }
        return .failure(CollectPayload.EventProblems(problems: reader.problems))
    }

    mutating func problem(_ field: String, _ code: String, _ message: String) {
        problems.append(EventProblem(index: index, field: field, code: code, message: message))
    }

    /// A string member: nil when absent or null; a problem when of another type or too long.
    mutating func string(_ value: JSONValue?, _ field: String, max: Int, allowEmpty: Bool = false) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let text) = value else {
            problem(field, "invalid_type", "This value must be a string.")
            return nil
        }
        if text.utf8.count > max {
            problem(field, "too_long", "At most \(max) bytes.")
            return nil
        }
        if text.isEmpty, !allowEmpty { return nil }
        return text
    }

    mutating func number(_ value: JSONValue?, _ field: String, range: ClosedRange<Double>) -> Double? {
        guard let value, value != .null else { return nil }
        guard case .number(let number) = value else {
            problem(field, "invalid_type", "This value must be a number.")
            return nil
        }
        guard range.contains(number) else {
            problem(field, "out_of_range", "This value must be between \(range.lowerBound) and \(range.upperBound).")
            return nil
        }
        return number
    }

    mutating func object(_ value: JSONValue?, _ field: String) -> JSONObject? {
        guard let value, value != .null else { return nil }
        guard case .object(let members) = value else {
            problem(field, "invalid_type", "This value must be an object.")
            return nil
        }
        return members
    }

    mutating func time(_ value: JSONValue?, _ field: String) -> Int64? {
        guard let text = string(value, field, max: 40) else { return nil }
        guard let millis = ISOTimestamp.millis(text) else {
            problem(field, "invalid_format", "Give an ISO 8601 date-time with a time zone, e.g. 2026-11-30T07:09:28.123Z.")
            return nil
        }
        return millis
    }

    mutating func event(_ e: JSONObject, defaults: JSONObject?, batchSentAt: Int64?) -> IncomingEvent? {
        var type: EventType?
        if let raw = string(e["type"], "type", max: 20) {
            type = EventType(rawValue: raw)
            if type == nil { problem("type", "invalid_choice", "Types are: page, screen, track, identify.") }
        } else if !problems.contains(where: { $0.field == "type" }) {
            problem("type", "required", "This field is required.")
        }
        let messageId = string(e["messageId"], "messageId", max: Self.maxIdLength)
        if messageId == nil, !problems.contains(where: { $0.field == "messageId" }) {
            problem("messageId", "required", "Give each event a unique messageId, so a retried batch is stored once.")
        }
        let anonymousId = string(e["anonymousId"], "anonymousId", max: Self.maxIdLength)
        let userId = string(e["userId"], "userId", max: Self.maxIdLength)
        if anonymousId == nil, userId == nil, !problems.contains(where: { $0.field == "anonymousId" || $0.field == "userId" }) {
            problem("anonymousId", "required", "Give an anonymousId or a userId.")
        }
        let timestamp = time(e["timestamp"], "timestamp")
        let sentAt = time(e["sentAt"], "sentAt") ?? batchSentAt
        var name: String?
        if type == .track {
            name = string(e["event"], "event", max: Self.maxNameLength)
            if name == nil, !problems.contains(where: { $0.field == "event" }) {
                problem("event", "required", "A track event needs its event name.")
            }
        } else {
            name = string(e["name"], "name", max: Self.maxNameLength)
        }
        var properties: String?
        if let members = object(e["properties"], "properties"), !members.isEmpty {
            let value = JSONValue.object(members)
            if value.depth > Self.maxPropertiesDepth {
                problem("properties", "too_deep", "Nest properties at most \(Self.maxPropertiesDepth) levels deep.")
            } else {
                let text = value.jsonText
                if text.utf8.count > Self.maxPropertiesBytes {
                    problem("properties", "too_large", "Properties may take at most \(Self.maxPropertiesBytes) bytes.")
                } else {
                    properties = text
                }
            }
        }
        // Identify traits are not stored: the profile is changed through the people API.
        _ = object(e["traits"], "traits")
        let context = self.context(e["context"], defaults: defaults)
        guard let type, let messageId, problems.isEmpty else { return nil }
        return IncomingEvent(
            type: type, messageId: messageId, anonymousId: anonymousId, userId: userId, timestamp: timestamp, sentAt: sentAt,
            name: name, properties: properties, context: context)
    }

    mutating func context(_ value: JSONValue?, defaults: JSONObject?) -> EventContext {
        let own = object(value, "context")
        let members: JSONObject
        if let defaults, let own {
            members = defaults.merging(own)
        } else {
            members = own ?? defaults ?? JSONObject()
        }
        var c = EventContext()
        c.ip = string(members["ip"], "context.ip", max: 64)
        if let ip = c.ip, IPTruncation.truncate(ip) == nil {
            problem("context.ip", "invalid_format", "Give an IPv4 or IPv6 address.")
        }
        c.userAgent = string(members["userAgent"], "context.userAgent", max: Self.maxTextLength)
        c.locale = string(members["locale"], "context.locale", max: 35)
        c.timezone = string(members["timezone"], "context.timezone", max: 64)
        if let screen = object(members["screen"], "context.screen") {
            c.screenWidth = number(screen["width"], "context.screen.width", range: 1...100_000).map { Int($0) }
            c.screenHeight = number(screen["height"], "context.screen.height", range: 1...100_000).map { Int($0) }
            c.screenDensity = number(screen["density"], "context.screen.density", range: 0.1...20)
        }
        if let device = object(members["device"], "context.device") {
            c.deviceId = string(device["id"], "context.device.id", max: Self.maxIdLength)
            c.deviceManufacturer = string(device["manufacturer"], "context.device.manufacturer", max: Self.maxNameLength)
            c.deviceModel = string(device["model"], "context.device.model", max: Self.maxNameLength)
            c.deviceType = string(device["type"], "context.device.type", max: 40)
        }
        if let os = object(members["os"], "context.os") {
            c.osName = string(os["name"], "context.os.name", max: Self.maxNameLength)
            c.osVersion = string(os["version"], "context.os.version", max: 64)
        }
        if let location = object(members["location"], "context.location") {
            c.latitude = number(location["latitude"], "context.location.latitude", range: -90...90)
            c.longitude = number(location["longitude"], "context.location.longitude", range: -180...180)
            if (location["latitude"] == nil) != (location["longitude"] == nil) {
                problem("context.location", "incomplete", "Give both latitude and longitude.")
            }
        }
        if let page = object(members["page"], "context.page") {
            c.pageURL = string(page["url"], "context.page.url", max: Self.maxTextLength)
            c.pageReferrer = string(page["referrer"], "context.page.referrer", max: Self.maxTextLength)
            c.pageTitle = string(page["title"], "context.page.title", max: 500)
            c.pagePath = string(page["path"], "context.page.path", max: Self.maxTextLength)
        }
        if let app = object(members["app"], "context.app") {
            c.appName = string(app["name"], "context.app.name", max: Self.maxNameLength)
            c.appVersion = string(app["version"], "context.app.version", max: 64)
        }
        if let library = object(members["library"], "context.library") {
            c.libraryName = string(library["name"], "context.library.name", max: Self.maxNameLength)
            c.libraryVersion = string(library["version"], "context.library.version", max: 64)
        }
        if let privacy = object(members["privacy"], "context.privacy") {
            c.gpc = privacy["gpc"]?.boolValue ?? false
            c.dnt = privacy["dnt"]?.boolValue ?? false
            c.analyticsRefused = privacy["analytics"]?.boolValue == false
        }
        return c
    }
}
