import Crypto
import CustodianCore
import Foundation

/// Re-wraps every data key and keyring secret under a new master key.
///
/// Data keys themselves do not change, so no sealed value is re-encrypted and blind indexes stay
/// valid. Work is done in chunks, each its own transaction; every row names the master key that
/// wraps it, so an interrupted rotation can simply be run again with both keys configured.
public enum KeyRotation {
    public struct Report: Sendable, Equatable {
        public var rewrappedDataKeys: Int
        public var rewrappedSecrets: Int
    }

    public static func rewrap(database: any SQLDatabase, from keys: MasterKeys, to newKey: SymmetricKey, chunkSize: Int = 1_000) async throws -> Report {
        let newID = KeyWrap.keyIdentifier(newKey)
        var report = Report(rewrappedDataKeys: 0, rewrappedSecrets: 0)
        report.rewrappedSecrets = try await rewrapTable(
            database: database, table: "keyring_secrets", idColumn: "name", labelPrefix: "secret:",
            keys: keys, newKey: newKey, newID: newID, chunkSize: chunkSize
        )
        report.rewrappedDataKeys = try await rewrapTable(
            database: database, table: "person_keys", idColumn: "person_id", labelPrefix: "person:",
            keys: keys, newKey: newKey, newID: newID, chunkSize: chunkSize
        )
        return report
    }

    private static func rewrapTable(
        database: any SQLDatabase, table: String, idColumn: String, labelPrefix: String,
        keys: MasterKeys, newKey: SymmetricKey, newID: String, chunkSize: Int
    ) async throws -> Int {
        var total = 0
        while true {
            let done = try await database.write { tx -> Int in
                let rows = try await tx.query(SQL(
                    "SELECT \(idColumn) AS id, kek_id, wrapped FROM \(table) WHERE kek_id <> ? ORDER BY \(idColumn) LIMIT ?",
                    [.text(newID), .integer(Int64(chunkSize))]
                ))
                var updates: [[SQLValue]] = []
                for row in rows {
                    let id = try row.text("id")
                    let label = labelPrefix + id
                    let key = try Keyring.unwrap(row, label: label, masterKeys: keys)
                    updates.append([.text(newID), .blob(KeyWrap.wrap(key, with: newKey, label: label)), .text(id)])
                }
                try await tx.executeMany("UPDATE \(table) SET kek_id = ?, wrapped = ? WHERE \(idColumn) = ?", updates)
                return rows.count
            }
            total += done
            if done < chunkSize { return total }
        }
    }
}
