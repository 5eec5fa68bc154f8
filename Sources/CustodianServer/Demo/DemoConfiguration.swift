import CustodianCore
import Foundation

/// What `custodian demo` makes: how many people and items, over how long, from which seed.
public struct DemoConfiguration: Sendable {
    /// The same seed (and end) gives the same demo.
    public var seed: UInt64 = 1
    public var people: Int = 600
    public var items: Int = 900
    /// Days of browsing before `end`.
    public var days: Int = 120
    /// Sessions per person on average (a few people are far more active than the rest).
    public var sessionsPerPerson: Double = 14
    /// The end of the demo's history (ms since the epoch); by default the start of today (UTC),
    /// so that the data is recent and the policy's retention keeps it.
    public var end: Int64
    /// People registered or browsing at once while the demo is written.
    public var concurrency: Int = 8
    /// The bcrypt cost of demo people's passwords: the minimum, so that a demo of thousands of
    /// people builds in seconds. Real registrations use `CUSTODIAN_BCRYPT_COST`.
    public var bcryptCost: Int = 4

    public init(end: Int64 = DemoConfiguration.startOfToday()) {
        self.end = end
    }

    /// The start of the current UTC day.
    public static func startOfToday() -> Int64 {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return now - now % 86_400_000
    }

    /// The password every demo person signs in with.
    public static let password = "demo-password-2026"

    public func validate() throws {
        guard (10...1_000_000).contains(people) else { throw ConfigurationError.invalid("the demo needs between 10 and 1000000 people") }
        guard (20...1_000_000).contains(items) else { throw ConfigurationError.invalid("the demo needs between 20 and 1000000 items") }
        guard (7...365).contains(days) else { throw ConfigurationError.invalid("the demo spans between 7 and 365 days") }
        guard (1...500).contains(sessionsPerPerson) else { throw ConfigurationError.invalid("give between 1 and 500 sessions per person") }
        guard (1...64).contains(concurrency) else { throw ConfigurationError.invalid("the demo's concurrency is between 1 and 64") }
    }
}

/// What the demo made.
public struct DemoSummary: Sendable, Encodable {
    public var seed: UInt64
    public var services: [String: String]
    public var people: [String]
    public var items: Int
    public var events: Int
    public var sessions: Int
    public var consents: [String: Int]
    public var contactMessages: Int
    public var surveyResponses: Int
    /// Comments under the policy page, of every status.
    public var comments: Int = 0
    /// Privacy requests filed from accounts, in the console's queue.
    public var privacyRequests: Int = 0
    /// One person to sign in as (email and password), for trying the pages.
    public var sampleEmail: String
    public var password: String

    /// The manifest a script reads: ids and counts, no address and no password.
    enum CodingKeys: String, CodingKey {
        case seed, services, people, items, events, sessions, consents, contactMessages, surveyResponses, comments, privacyRequests
    }

    /// A few lines for the terminal.
    public var text: String {
        var lines = [
            "Demo (seed \(seed)): \(services.count) services, \(people.count) people, \(items) catalogue items, \(events) events in \(sessions) sessions,",
            "\(contactMessages) contact messages, \(surveyResponses) survey responses, \(comments) comments, \(privacyRequests) privacy requests.",
            "Consent choices: " + consents.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            "Services: " + services.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "),
            "Sign in as \(sampleEmail) with the password \(password); try `custodian recommend evaluate` next.",
        ]
        if people.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
