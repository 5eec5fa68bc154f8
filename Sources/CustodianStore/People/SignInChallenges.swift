import CustodianCore
import Foundation

/// A sign-in held back for a second factor: what the sign-in looked like (to record it once the
/// code is given) and the keyed digest of the code sent by email.
public struct SignInChallenge: Sendable, Equatable {
    public var id: String
    public var personId: String
    public var channel: String
    public var addressKey: String
    public var assessment: SignInAssessment
    public var software: String?
    public var network: String?
    public var country: String?
    public var location: GeoPoint?
    public var expiresAt: Int64

    public init(
        id: String = Identifiers.make(), personId: String, channel: String, addressKey: String, assessment: SignInAssessment, software: String?,
        network: String?, country: String?, location: GeoPoint?, expiresAt: Int64
    ) {
        self.id = id
        self.personId = personId
        self.channel = channel
        self.addressKey = addressKey
        self.assessment = assessment
        self.software = software
        self.network = network
        self.country = country
        self.location = location?.coarsened()
        self.expiresAt = expiresAt
    }
}

/// Step-up challenges: a code may be tried a few times before it expires, and it opens one
/// session at most. Every attempt is counted in the database, so the limit holds across nodes.
public final class SignInChallenges: Sendable {
    /// Wrong codes a challenge takes before it is spent.
    public static let maxAttempts = 5
    let database: any SQLDatabase
    let keyring: Keyring
    public let now: @Sendable () -> Int64

    init(database: any SQLDatabase, keyring: Keyring, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.keyring = keyring
        self.now = now
    }

    /// The keyed digests of one-time codes (the keyring's `sign-in-codes` secret).
    public func codes() async throws -> OneTimeCode {
        OneTimeCode(secret: try await keyring.secret(named: "sign-in-codes"))
    }

    /// Stores `challenge` with the digest of its code.
    public func create(_ challenge: SignInChallenge, codeDigest: [UInt8]) async throws {
        let time = now()
        try await database.write { tx in
            try await tx.execute(SQL(
                """
                INSERT INTO sign_in_challenges (id, person_id, code_digest, attempts, channel, address_key, score, reasons, software, network,
                country, latitude, longitude, created_at, expires_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(challenge.id), .text(challenge.personId), .blob(codeDigest), .text(challenge.channel), .text(challenge.addressKey),
                 .integer(Int64(challenge.assessment.score)), .text(challenge.assessment.reasons.joined(separator: ",")),
                 challenge.software.sqlValue, challenge.network.sqlValue, challenge.country.sqlValue,
                 challenge.location.map { .real($0.latitude) } ?? .null, challenge.location.map { .real($0.longitude) } ?? .null,
                 .integer(time), .integer(challenge.expiresAt)]))
        }
    }

    /// What an attempt at a challenge came to.
    public enum Verification: Sendable, Equatable {
        /// The code was right: the challenge is spent and the sign-in may go on.
        case verified(SignInChallenge)
        /// The code was wrong; the challenge (of this person) may be tried again while attempts remain.
        case wrong(person: String)
        /// No such challenge, or it expired, was used, or ran out of attempts.
        case invalid
    }

    /// Tries `code` against challenge `id`: counts the attempt, and spends the challenge when the
    /// code is right, all in one transaction, so two concurrent right answers open one session.
    public func verify(_ id: String, code: String) async throws -> Verification {
        let codes = try await codes()
        let time = now()
        return try await database.write { [database] tx in
            guard let row = try await tx.first(SQL("SELECT * FROM sign_in_challenges WHERE id = ?" + database.dialect.forUpdate, [.text(id)])) else {
                return .invalid
            }
            let attempts = Int(try row.int("attempts"))
            guard try row.optionalInt("consumed_at") == nil, try row.int("expires_at") > time, attempts < Self.maxAttempts else { return .invalid }
            let person = try row.text("person_id")
            guard codes.matches(code, challenge: id, stored: try row.blob("code_digest")) else {
                try await tx.execute(SQL("UPDATE sign_in_challenges SET attempts = attempts + 1 WHERE id = ?", [.text(id)]))
                return .wrong(person: person)
            }
            try await tx.execute(SQL("UPDATE sign_in_challenges SET attempts = attempts + 1, consumed_at = ? WHERE id = ?", [.integer(time), .text(id)]))
            let reasons = try row.text("reasons")
            var location: GeoPoint?
            if case .real(let latitude) = row["latitude"], case .real(let longitude) = row["longitude"] {
                location = GeoPoint(latitude: latitude, longitude: longitude)
            }
            return .verified(SignInChallenge(
                id: id, personId: person, channel: try row.text("channel"), addressKey: try row.text("address_key"),
                assessment: SignInAssessment(
                    outcome: .stepUp, score: Int(try row.int("score")), reasons: reasons.isEmpty ? [] : reasons.split(separator: ",").map(String.init)),
                software: try row.optionalText("software"), network: try row.optionalText("network"), country: try row.optionalText("country"),
                location: location, expiresAt: try row.int("expires_at")))
        }
    }
}
