import Configuration
import CustodianCore

/// How the recommendation model learns and how much it may hold, read once at start-up.
///
/// Keys (environment in brackets):
/// | key | environment | default |
/// |---|---|---|
/// | `custodian.recommend.half.life.days` | `CUSTODIAN_RECOMMEND_HALF_LIFE_DAYS` | `14` (a view's weight halves every this many days) |
/// | `custodian.recommend.window.min` | `CUSTODIAN_RECOMMEND_WINDOW_MIN` | `60` (views this close together are co-visits) |
/// | `custodian.recommend.queue` | `CUSTODIAN_RECOMMEND_QUEUE` | `100000` (collected views waiting to be learned; beyond it they are dropped and counted) |
/// | `custodian.recommend.rebuild.s` | `CUSTODIAN_RECOMMEND_REBUILD_S` | `3600` (seconds between rebuilds from the store; 0: only at start-up) |
/// | `custodian.recommend.max.people` | `CUSTODIAN_RECOMMEND_MAX_PEOPLE` | `200000` (people whose history the model keeps) |
public struct RecommendationConfiguration: Sendable, Equatable {
    public var halfLifeDays: Double = 14
    public var windowMinutes: Int = 60
    public var queueCapacity: Int = 100_000
    public var rebuildIntervalSeconds: Int = 3_600
    public var maxPeople: Int = 200_000

    public init() {}

    /// Reads the keys under `custodian.recommend` and validates them.
    init(_ config: ConfigReader) throws {
        halfLifeDays = config.double(forKey: "recommend.half.life.days", default: halfLifeDays)
        windowMinutes = config.int(forKey: "recommend.window.min", default: windowMinutes)
        queueCapacity = config.int(forKey: "recommend.queue", default: queueCapacity)
        rebuildIntervalSeconds = config.int(forKey: "recommend.rebuild.s", default: rebuildIntervalSeconds)
        maxPeople = config.int(forKey: "recommend.max.people", default: maxPeople)
        try validate()
    }

    public func validate() throws {
        guard (0.01...3_650).contains(halfLifeDays) else {
            throw ConfigurationError.invalid("the recommendation half-life must be between 0.01 and 3650 days")
        }
        guard (1...1_440).contains(windowMinutes) else {
            throw ConfigurationError.invalid("the co-visitation window must be between 1 and 1440 minutes")
        }
        guard (1_000...10_000_000).contains(queueCapacity) else {
            throw ConfigurationError.invalid("the recommendation queue must hold between 1000 and 10000000 views")
        }
        guard rebuildIntervalSeconds == 0 || (60...604_800).contains(rebuildIntervalSeconds) else {
            throw ConfigurationError.invalid("the recommendation rebuild interval must be 0 or between 60 and 604800 seconds")
        }
        guard (100...10_000_000).contains(maxPeople) else {
            throw ConfigurationError.invalid("the recommendation model must keep between 100 and 10000000 people")
        }
    }

    /// The model's settings.
    public var settings: CoVisitationSettings {
        CoVisitationSettings(
            halfLifeMillis: Int64((halfLifeDays * 86_400_000).rounded()), windowMillis: Int64(windowMinutes) * 60_000, maxPeople: maxPeople)
    }
}
