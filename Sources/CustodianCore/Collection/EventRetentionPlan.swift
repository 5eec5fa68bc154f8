/// How long each part of a collected event is kept, from the policy's category retentions.
///
/// An event row lives as long as its longest-kept category; parts whose category is kept for less
/// are cleared when their time is up (the raw IP after 30 days, in the default policy). A category
/// kept "while the account exists" does not shorten anything: it lives as long as the row.
public struct EventRetentionPlan: Sendable, Equatable {
    /// How long a row is kept, in ms; nil when no event category has a time limit.
    public var rowLifetime: Int64?
    /// Parts kept for less than the row, with their lifetimes in ms.
    public var shorter: [EventField: Int64]

    public init(policy: Policy) {
        var lifetimes: [EventField: Int64] = [:]
        for field in EventField.allCases {
            guard let category = policy.category(field.category), let retention = Retention(category.retention),
                  case .duration(let duration) = retention
            else { continue }
            lifetimes[field] = Int64(duration.approximateSeconds) * 1000
        }
        let row = lifetimes.values.max()
        self.rowLifetime = row
        self.shorter = row.map { row in lifetimes.filter { $0.value < row } } ?? [:]
    }

    /// How long a visitor's raw identifiers (IP, device id) stay readable: the day key sealing
    /// them is shredded after the shorter of the two lifetimes.
    public var visitorKeyLifetime: Int64? {
        [shorter[.ipAddress], shorter[.deviceId]].compactMap { $0 }.min() ?? rowLifetime
    }
}
