import Crypto
import CustodianCore
import Foundation

/// A flagged URL seen in what someone sent: where (`contact`, `collect.page`, …), the verdict and
/// reasons, and the URL itself, sealed.
public struct URLSighting: Sendable, Equatable {
    public var id: String
    public var personId: String?
    /// The data key the URL is sealed with (the person, or a visitor message's `contact:<id>`).
    public var keySubject: String?
    public var context: String
    /// The policy category the sealed URL belongs to.
    public var category: String
    /// The item it was seen in (a message id), if any.
    public var itemId: String?
    public var verdict: URLVerdict
    public var score: Int
    public var reasons: [URLRiskReason]
    /// The URL, when opened with an access that covers it.
    public var url: String?
    public var createdAt: Int64

    public init(
        personId: String?, keySubject: String?, context: String, category: String, itemId: String?, verdict: URLVerdict, score: Int,
        reasons: [URLRiskReason], url: String?
    ) {
        self.id = Identifiers.make()
        self.personId = personId
        self.keySubject = keySubject
        self.context = context
        self.category = category
        self.itemId = itemId
        self.verdict = verdict
        self.score = score
        self.reasons = reasons
        self.url = url
        self.createdAt = 0
    }
}

/// Flagged URLs people and visitors sent. The URL is sealed with the data key of its key subject
/// (so it is erased with the person or the visitor's message); reasons are in the clear because
/// they hold only reason codes and the operator's own data.
public final class URLSightingStore: Sendable {
    let database: any SQLDatabase
    let keyring: Keyring
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, keyring: Keyring, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.keyring = keyring
        self.now = now
    }

    static let columns = "id, person_id, key_subject, context, category, item_id, verdict, score, reasons, url, created_at"

    /// Records sightings; a URL whose key subject has no data key (or none given) is kept only as
    /// its verdict and reasons.
    public func record(_ sightings: [URLSighting]) async throws {
        guard !sightings.isEmpty else { return }
        let time = now()
        try await database.write { [keyring] tx in
            for sighting in sightings {
                var person = sighting.personId
                if let given = person, try await tx.first(SQL("SELECT id FROM people WHERE id = ?", [.text(given)])) == nil { person = nil }
                var sealed: SQLValue = .null
                if let subject = sighting.keySubject, let url = sighting.url, let key = try await keyring.dataKey(for: subject, in: tx) {
                    sealed = .blob(FieldCipher.seal(Array(url.utf8), key: key, subject: subject, field: Self.field(sighting.id)))
                }
                try await tx.execute(SQL(
                    "INSERT INTO url_sightings (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [.text(sighting.id), person.sqlValue, sighting.keySubject.sqlValue, .text(sighting.context), .text(sighting.category),
                     sighting.itemId.sqlValue, .text(sighting.verdict.rawValue), .integer(Int64(sighting.score)), .text(RiskEventStore.json(sighting.reasons)),
                     sealed, .integer(time)]))
            }
        }
    }

    /// The sightings in one item (a held message's reasons), unopened.
    public func sightings(context: String, item: String) async throws -> [URLSighting] {
        try await database.read { db in
            try await db.query(SQL(
                "SELECT \(Self.columns) FROM url_sightings WHERE context = ? AND item_id = ? ORDER BY created_at, id", [.text(context), .text(item)]
            )).map { try Self.sighting($0, key: nil, access: nil) }
        }
    }

    /// The person's sightings, newest first, their URLs opened where `access` covers them.
    public func sightings(of person: String, access: Access?, limit: Int = 100) async throws -> [URLSighting] {
        try await database.read { [keyring] db in
            let key = try await keyring.dataKey(for: person, in: db)
            return try await db.query(SQL(
                "SELECT \(Self.columns) FROM url_sightings WHERE person_id = ? ORDER BY created_at DESC, id DESC LIMIT ?", [.text(person), .integer(Int64(limit))]
            )).map { try Self.sighting($0, key: key, access: access) }
        }
    }

    /// Deletes the sightings of one item (its message was erased).
    public func forget(context: String, item: String) async throws {
        try await database.write { tx in
            try await tx.execute(SQL("DELETE FROM url_sightings WHERE context = ? AND item_id = ?", [.text(context), .text(item)]))
        }
    }

    static func field(_ id: String) -> String { "url-sighting/\(id)/url" }

    static func sighting(_ row: SQLRow, key: SealingKey?, access: Access?) throws -> URLSighting {
        var sighting = URLSighting(
            personId: try row.optionalText("person_id"), keySubject: try row.optionalText("key_subject"), context: try row.text("context"),
            category: try row.text("category"), itemId: try row.optionalText("item_id"),
            verdict: URLVerdict(rawValue: try row.text("verdict")) ?? .suspicious, score: Int(try row.int("score")),
            reasons: RiskEventStore.decode(try row.text("reasons")) ?? [], url: nil)
        sighting.id = try row.text("id")
        sighting.createdAt = try row.int("created_at")
        if let key, let access, let subject = sighting.keySubject, access.permits(sighting.category, of: subject), let sealed = try row.optionalBlob("url") {
            guard let plain = try? FieldCipher.open(sealed, key: key, subject: subject, field: field(sighting.id)) else {
                throw StoreError.keyUnavailable("a sealed URL does not open")
            }
            sighting.url = String(decoding: plain, as: UTF8.self)
        }
        return sighting
    }
}
