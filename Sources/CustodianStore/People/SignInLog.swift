import CustodianCore
import Foundation

/// One recorded sign-in attempt, as the person ("recent sign-ins") and staff see it.
public struct SignInEvent: Sendable, Equatable, Codable {
    public var id: String
    public var personId: String?
    public var at: Int64
    /// `success`, `failure`, `step_up` (a code was sent), `step_up_failed` (a wrong code), `deny` or `locked`.
    public var outcome: String
    public var score: Int
    public var reasons: [String]
    public var network: String?
    public var country: String?
}

/// Sign-in attempts: the evidence for risk scoring and brute-force protection, shared by every
/// node through the database. Addresses are kept only as keyed digests (`address_key`) and
/// truncated networks.
public final class SignInLog: Sendable {
    let database: any SQLDatabase
    /// The store's clock, milliseconds since the Unix epoch.
    public let now: @Sendable () -> Int64

    init(database: any SQLDatabase, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.now = now
    }

    public struct Attempt: Sendable {
        public var personId: String?
        public var addressKey: String
        public var outcome: String
        public var assessment: SignInAssessment?
        public var software: String?
        public var network: String?
        public var country: String?
        public var location: GeoPoint?

        public init(
            personId: String?, addressKey: String, outcome: String, assessment: SignInAssessment?, software: String?, network: String?,
            country: String?, location: GeoPoint? = nil
        ) {
            self.personId = personId
            self.addressKey = addressKey
            self.outcome = outcome
            self.assessment = assessment
            self.software = software
            self.network = network
            self.country = country
            self.location = location?.coarsened()
        }
    }

    public func record(_ attempt: Attempt) async throws {
        let time = now()
        try await database.write { tx in
            try await tx.execute(SQL(
                """
                INSERT INTO sign_in_events (id, person_id, address_key, at, outcome, score, reasons, software, network, country, latitude, longitude)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(Identifiers.make()), attempt.personId.sqlValue, .text(attempt.addressKey), .integer(time), .text(attempt.outcome),
                 .integer(Int64(attempt.assessment?.score ?? 0)), .text(attempt.assessment?.reasons.joined(separator: ",") ?? ""),
                 attempt.software.sqlValue, attempt.network.sqlValue, attempt.country.sqlValue,
                 attempt.location.map { .real($0.latitude) } ?? .null, attempt.location.map { .real($0.longitude) } ?? .null]
            ))
        }
    }

    /// Failures from an address and on an account within the throttle window.
    public func recentFailures(addressKey: String, person: String?, windowMillis: Int64) async throws -> (address: Int, account: Int) {
        let since = now() - windowMillis
        return try await database.read { db in
            let address = try await db.first(SQL(
                "SELECT COUNT(*) AS n FROM sign_in_events WHERE address_key = ? AND at > ? AND outcome IN ('failure', 'locked', 'step_up_failed')",
                [.text(addressKey), .integer(since)]
            ))?.int("n") ?? 0
            var account: Int64 = 0
            if let person {
                account = try await db.first(SQL(
                    "SELECT COUNT(*) AS n FROM sign_in_events WHERE person_id = ? AND at > ? AND outcome IN ('failure', 'locked', 'step_up_failed')",
                    [.text(person), .integer(since)]
                ))?.int("n") ?? 0
            }
            return (Int(address), Int(account))
        }
    }

    /// What the person's earlier successful sign-ins looked like.
    public func history(person: String) async throws -> SignInHistory {
        try await database.read { db in
            let rows = try await db.query(SQL(
                "SELECT at, software, network, country, latitude, longitude FROM sign_in_events WHERE person_id = ? AND outcome = 'success' ORDER BY at DESC LIMIT 200",
                [.text(person)]
            ))
            var history = SignInHistory()
            for row in rows {
                history.successfulSignIns += 1
                if let software = try row.optionalText("software") { history.knownSoftware.insert(software) }
                if let network = try row.optionalText("network") { history.knownNetworks.insert(network) }
                if let country = try row.optionalText("country") { history.knownCountries.insert(country) }
                if history.lastLocated == nil, case .real(let latitude) = row["latitude"], case .real(let longitude) = row["longitude"] {
                    history.lastLocated = (try row.int("at"), GeoPoint(latitude: latitude, longitude: longitude))
                }
            }
            return history
        }
    }

    /// The person's most recent attempts, newest first.
    public func recent(person: String, limit: Int = 20) async throws -> [SignInEvent] {
        try await database.read { db in
            try await db.query(SQL(
                "SELECT * FROM sign_in_events WHERE person_id = ? ORDER BY at DESC, id LIMIT ?",
                [.text(person), .integer(Int64(limit))]
            )).map { row in
                let reasons = try row.text("reasons")
                return SignInEvent(
                    id: try row.text("id"), personId: try row.optionalText("person_id"), at: try row.int("at"),
                    outcome: try row.text("outcome"), score: Int(try row.int("score")),
                    reasons: reasons.isEmpty ? [] : reasons.split(separator: ",").map(String.init),
                    network: try row.optionalText("network"), country: try row.optionalText("country")
                )
            }
        }
    }
}
