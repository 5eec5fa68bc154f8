import Crypto
import CustodianCore
import Foundation
import Synchronization

/// Per-person data keys wrapped by the master key, and the blind-index key.
///
/// Destroying a person's wrapped data key (crypto-shredding) makes every sealed value of theirs
/// unreadable wherever a copy lives, backups included.
public final class Keyring: Sendable {
    public let masterKeys: MasterKeys
    let database: any SQLDatabase
    let now: @Sendable () -> Int64
    /// Loaded from the database on first use (after migrations have run).
    private let indexKey = Mutex<BlindIndex?>(nil)
    /// Named secrets (token keys), loaded once.
    private let secrets = Mutex<[String: SymmetricKey]>([:])
    /// Unwrapped data keys with their cipher contexts, so that a hot person costs neither a read
    /// and an unwrap nor a cipher set-up per field.
    private let cache = Mutex<[String: SealingKey]>([:])
    private static let cacheLimit = 20_000

    init(database: any SQLDatabase, masterKeys: MasterKeys, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.masterKeys = masterKeys
        self.now = now
    }

    /// The blind index, its key loaded (or created, the first time) from the keyring table.
    public func blindIndex() async throws -> BlindIndex {
        if let index = indexKey.withLock({ $0 }) { return index }
        let key = try await Self.loadOrCreateSecret(named: "blind-index", database: database, masterKeys: masterKeys, now: now())
        let index = BlindIndex(key: key)
        indexKey.withLock { $0 = index }
        return index
    }

    /// A named random secret of the installation (created the first time, wrapped by the master
    /// key like the blind-index key), for the keys that sign or digest what the server hands out:
    /// unsubscribe tokens, one-time codes. Every node reads the same one.
    public func secret(named name: String) async throws -> SymmetricKey {
        if let key = secrets.withLock({ $0[name] }) { return key }
        let key = try await Self.loadOrCreateSecret(named: name, database: database, masterKeys: masterKeys, now: now())
        secrets.withLock { $0[name] = key }
        return key
    }

    static func loadOrCreateSecret(named name: String, database: any SQLDatabase, masterKeys: MasterKeys, now: Int64) async throws -> SymmetricKey {
        let label = "secret:\(name)"
        let fresh = SymmetricKey(size: .bits256)
        // Insert-if-absent then read back: nodes starting together agree on one key.
        let row = try await database.write { tx in
            try await tx.execute(SQL(
                "INSERT INTO keyring_secrets (name, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                [.text(name), .text(masterKeys.currentID), .blob(KeyWrap.wrap(fresh, with: masterKeys.current, label: label)), .integer(now)]
            ))
            return try await tx.first(SQL("SELECT kek_id, wrapped FROM keyring_secrets WHERE name = ?", [.text(name)]))
        }
        guard let row else { throw StoreError.corrupt("keyring secret \(name) vanished") }
        return try unwrap(row, label: label, masterKeys: masterKeys)
    }

    static func unwrap(_ row: SQLRow, label: String, masterKeys: MasterKeys) throws -> SymmetricKey {
        let kekID = try row.text("kek_id")
        guard let kek = masterKeys.key(id: kekID) else {
            throw StoreError.keyUnavailable("data is wrapped by master key \(kekID), which is not configured")
        }
        do {
            return try KeyWrap.unwrap(try row.blob("wrapped"), with: kek, label: label)
        } catch {
            throw StoreError.keyUnavailable("a wrapped key does not open with master key \(kekID)")
        }
    }

    /// Creates and stores a new data key for `subject` inside the caller's transaction.
    public func createDataKey(for subject: String, in tx: any SQLExecutor, now: Int64) async throws -> SealingKey {
        let key = SymmetricKey(size: .bits256)
        try await tx.execute(SQL(
            "INSERT INTO person_keys (person_id, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?)",
            [.text(subject), .text(masterKeys.currentID), .blob(KeyWrap.wrap(key, with: masterKeys.current, label: "person:\(subject)")), .integer(now)]
        ))
        return remember(key, for: subject)
    }

    /// The data key of `subject`, or nil when none exists (never created, or shredded).
    public func dataKey(for subject: String, in executor: any SQLExecutor) async throws -> SealingKey? {
        if let key = cache.withLock({ $0[subject] }) { return key }
        guard let row = try await executor.first(SQL("SELECT kek_id, wrapped FROM person_keys WHERE person_id = ?", [.text(subject)])) else {
            return nil
        }
        return remember(try Self.unwrap(row, label: "person:\(subject)", masterKeys: masterKeys), for: subject)
    }

    /// Destroys the data key of `subject` inside the caller's transaction (crypto-shredding).
    public func shred(_ subject: String, in tx: any SQLExecutor) async throws {
        try await tx.execute(SQL("DELETE FROM person_keys WHERE person_id = ?", [.text(subject)]))
        forget(subject)
    }

    /// The data key of `subject`, created when it does not exist yet; nodes racing to create it
    /// agree on one (insert-if-absent, then read back). For keys that belong to no person, such as
    /// the day keys that seal visitors' IP addresses.
    public func dataKeyCreatingIfAbsent(for subject: String) async throws -> SealingKey {
        if let key = cache.withLock({ $0[subject] }) { return key }
        let fresh = SymmetricKey(size: .bits256)
        let time = now()
        let row = try await database.write { [masterKeys] tx in
            try await tx.execute(SQL(
                "INSERT INTO person_keys (person_id, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (person_id) DO NOTHING",
                [.text(subject), .text(masterKeys.currentID), .blob(KeyWrap.wrap(fresh, with: masterKeys.current, label: "person:\(subject)")), .integer(time)]
            ))
            return try await tx.first(SQL("SELECT kek_id, wrapped FROM person_keys WHERE person_id = ?", [.text(subject)]))
        }
        guard let row else { throw StoreError.corrupt("data key \(subject) vanished") }
        return remember(try Self.unwrap(row, label: "person:\(subject)", masterKeys: masterKeys), for: subject)
    }

    /// Drops a cached key (after a shred here or, once notified, on another node).
    public func forget(_ subject: String) {
        _ = cache.withLock { $0.removeValue(forKey: subject) }
    }

    private func remember(_ key: SymmetricKey, for subject: String) -> SealingKey {
        let sealing = SealingKey(key)
        cache.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[subject] = sealing
        }
        return sealing
    }
}
