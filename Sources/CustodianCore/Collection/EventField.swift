/// The groups of data an event can carry once enriched, each belonging to one data category of
/// the policy. A group is stored only when a purpose the person's choices allow reads its
/// category (``CollectionPlan``).
public enum EventField: Int, Sendable, CaseIterable {
    /// The raw IP address, sealed, for security and fraud.
    case ipAddress
    /// The network (/24, /48) and country: coarse location for analytics.
    case network
    /// Browser, OS, device type, brand, model, screen, time zone, app: the device.
    case device
    /// The device id sent by mobile clients: sealed, with a blind index for lookups.
    case deviceId
    /// The anonymous id kept in a first-party cookie or local storage: blind index only.
    case cookieId
    /// The language of the browser or device.
    case language
    /// Latitude and longitude, coarsened.
    case location
    /// What was viewed or done: event name, page URL, referrer, title, properties.
    case behaviour

    /// The policy's data category for this group.
    public var category: String {
        switch self {
        case .ipAddress: "user.device.ip_address"
        case .network: "user.location.imprecise"
        case .device: "user.device"
        case .deviceId: "user.device.device_id"
        case .cookieId: "user.device.cookie_id"
        case .language: "user.demographic.language"
        case .location: "user.location.imprecise"
        case .behaviour: "user.behavior.browsing_history"
        }
    }
}

/// A set of ``EventField``s.
public struct EventFieldSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ field: EventField) { self.rawValue = 1 << field.rawValue }

    public static let all = EventFieldSet(EventField.allCases.map(EventFieldSet.init))
    public static let none = EventFieldSet()

    public func contains(_ field: EventField) -> Bool { contains(EventFieldSet(field)) }

    public var fields: [EventField] { EventField.allCases.filter { contains($0) } }
}
