import Foundation

/// One event as it travels to `POST /v1/collect` (Segment's shape), encoded once when created
/// and kept so in the queue, so that every retry sends the same `messageId`.
struct OutgoingEvent: Codable, Sendable, Equatable {
    var type: String
    var messageId: String
    var anonymousId: String?
    var userId: String?
    var timestamp: String
    var event: String?
    var name: String?
    var properties: [String: PropertyValue]?
    var traits: [String: PropertyValue]?
    var context: Context

    struct Context: Codable, Sendable, Equatable {
        var locale: String?
        var timezone: String?
        var screen: ScreenInfo?
        var device: Device?
        var os: OperatingSystem?
        var app: AppInfo?
        var library: Library
        var privacy: Privacy
    }

    struct Device: Codable, Sendable, Equatable {
        var id: String?
        var manufacturer: String?
        var model: String?
        var type: String?
    }

    struct OperatingSystem: Codable, Sendable, Equatable {
        var name: String
        var version: String?
    }

    struct Library: Codable, Sendable, Equatable {
        var name: String
        var version: String
    }

    struct Privacy: Codable, Sendable, Equatable {
        var gpc: Bool
        var dnt: Bool
        /// false on minimal events sent while analytics is refused; absent otherwise.
        var analytics: Bool?
    }

    /// Compact JSON on one line (JSON escapes every newline inside strings).
    func encoded() throws -> Data {
        // A new encoder each time: older Apple SDKs do not mark JSONEncoder Sendable.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The same event without lasting identifiers, for sending under an opt-out signal.
    func withoutLastingIds(sessionId: String) -> OutgoingEvent {
        var copy = self
        copy.anonymousId = sessionId
        copy.context.device?.id = nil
        copy.context.privacy.gpc = true
        return copy
    }
}

/// Timestamps as the server reads them: ISO 8601 in UTC with milliseconds.
enum Timestamp {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// Server limits on text fields, in UTF-8 bytes; longer text is cut rather than the event refused.
enum FieldLimit {
    static let name = 200
    static let id = 100

    static func cut(_ text: String, to bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var result = ""
        var count = 0
        for character in text {
            let size = character.utf8.count
            if count + size > bytes { break }
            result.append(character)
            count += size
        }
        return result
    }
}
