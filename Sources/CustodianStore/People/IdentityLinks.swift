import CustodianCore
import Foundation

/// Anonymous ids and device ids seen before sign-in, linked to the person who then signed in or
/// identified, so what was collected under them becomes theirs — and is erased with them.
/// The ids themselves are kept only as blind-index digests.
public final class IdentityLinks: Sendable {
    /// The kinds of id that can be linked.
    public enum Kind: String, Sendable, CaseIterable {
        case anonymous
        case device
    }

    let database: any SQLDatabase
    let keyring: Keyring
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, keyring: Keyring, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.keyring = keyring
        self.now = now
    }

    /// Links `value` to `person`; a later link of the same id to someone else moves it (a shared
    /// device changes hands) and the move is audited by the caller.
    public func link(_ kind: Kind, value: String, to person: String, service: String?) async throws {
        let digest = try await keyring.blindIndex().digest(kind: "link-\(kind.rawValue)", value: value)
        let time = now()
        try await database.write { tx in
            try await tx.execute(SQL(
                """
                INSERT INTO identity_links (kind, digest, person_id, service_id, linked_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (kind, digest) DO UPDATE SET person_id = excluded.person_id, service_id = excluded.service_id, linked_at = excluded.linked_at
                """,
                [.text(kind.rawValue), .blob(digest), .text(person), service.sqlValue, .integer(time)]
            ))
        }
    }

    /// The person an id is linked to, if any.
    public func person(for kind: Kind, value: String) async throws -> String? {
        let digest = try await keyring.blindIndex().digest(kind: "link-\(kind.rawValue)", value: value)
        return try await database.read { db in
            try await db.first(SQL("SELECT person_id FROM identity_links WHERE kind = ? AND digest = ?", [.text(kind.rawValue), .blob(digest)]))?.text("person_id")
        }
    }

    /// How many ids of each kind are linked to the person.
    public func counts(for person: String) async throws -> [Kind: Int] {
        try await database.read { db in
            var counts: [Kind: Int] = [:]
            for row in try await db.query(SQL("SELECT kind, COUNT(*) AS n FROM identity_links WHERE person_id = ? GROUP BY kind", [.text(person)])) {
                if let kind = Kind(rawValue: try row.text("kind")) { counts[kind] = Int(try row.int("n")) }
            }
            return counts
        }
    }
}
