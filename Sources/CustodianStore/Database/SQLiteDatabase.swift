import Foundation
import GRDB
import GRDBSQLite

/// SQLite through GRDB: a WAL-mode `DatabasePool`, one writer and concurrent readers.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    let pool: DatabasePool
    /// GRDB's writer connection on its own thread, running write transactions (see there why).
    let writer: SQLiteWriterExecutor
    private let writeLock = AsyncLock()
    private let metrics: DatabaseMetrics

    /// How hard each commit is pushed to disk.
    public enum Durability: String, Sendable {
        /// Survives a killed process (kill -9, crash); the last commits may be lost on power loss.
        case normal
        /// Also survives power loss: the WAL is synced at every commit.
        case full
    }

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String, durability: Durability = .normal) throws {
        var configuration = Configuration()
        configuration.label = "custodian"
        // Transactions are opened and closed across several writer hops; see `write`.
        configuration.allowsUnsafeTransactions = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Deleted content is overwritten, so crypto-shredded keys do not linger in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // In WAL mode NORMAL loses nothing committed when the process dies; FULL syncs the
            // WAL at every commit to survive power loss too.
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.unavailable("cannot open SQLite database: \(Self.describe(error))")
        }
        writer = SQLiteWriterExecutor(pool: pool)
        metrics = DatabaseMetrics(engine: "sqlite", maxConnections: configuration.maximumReaderCount + 1)
    }

    deinit {
        // GRDB closes its writer on its writer queue, which the executor's loop occupies.
        writer.stop()
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await metrics.measure(write: false) { try await body(SQLiteReader(pool: pool)) }
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await metrics.measure(write: true) { try await transaction(body) }
    }

    private func transaction<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            // The body runs on the writer thread: its statements need no hop each.
            try await withTaskExecutorPreference(writer) {
                let tx = SQLiteWriter(executor: writer)
                try await tx.run { db in try db.execute(sql: "BEGIN IMMEDIATE") }
                do {
                    let result = try await body(tx)
                    try await tx.run { db in try db.execute(sql: "COMMIT") }
                    return result
                } catch {
                    try? await tx.run { db in
                        if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
                    }
                    throw error
                }
            }
        }
    }

    /// One statement per row in a transaction of its own (the event writer).
    public func insertMany(_ text: String, _ rows: [[SQLValue]]) async throws {
        guard !rows.isEmpty else { return }
        try await metrics.measure(write: true) {
            try await writeLock.withLock {
                try await SQLiteWriter(executor: writer).run { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    do {
                        try SQLiteWriter.bindAndStep(db, text, rows)
                        try db.execute(sql: "COMMIT")
                    } catch {
                        if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                        throw error
                    }
                }
            }
        }
    }

    public func ping() async throws {
        _ = try await read { try await $0.query(SQL("SELECT 1 AS one")) }
    }

    public func close() async throws {
        // Hand the writer connection back to GRDB first: closing needs it.
        await writeLock.withLock { writer.stop() }
        try pool.close()
    }

    /// Copies committed WAL frames into the main file and truncates the WAL, so that overwritten
    /// content (shredded keys) does not survive in the log.
    public func checkpoint() async throws {
        try await writeLock.withLock {
            try await SQLiteWriter(executor: writer).run { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            // The result code and engine message; never the statement or its arguments.
            return "\(error.resultCode): \(error.message ?? "")"
        }
        return String(describing: type(of: error))
    }

    static func map(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        if error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            return StoreError.conflict
        }
        return StoreError.unavailable(describe(error))
    }
}

/// Statement helpers shared by the reader and the writer.
enum SQLiteStatements {
    static func arguments(_ binds: [SQLValue]) -> StatementArguments {
        StatementArguments(binds.map { value -> DatabaseValue in
            switch value {
            case .null: .null
            case .integer(let int): int.databaseValue
            case .real(let double): double.databaseValue
            case .text(let text): text.databaseValue
            case .blob(let bytes): Data(bytes).databaseValue
            }
        })
    }

    static func fetch(_ db: Database, _ sql: SQL) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql.text)
        let columns = statement.columnNames
        let rows = try Row.fetchAll(statement, arguments: arguments(sql.binds))
        return rows.map { row in
            SQLRow(columns: columns, values: (0..<columns.count).map { value(row[$0] as DatabaseValue) })
        }
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let int): .integer(int)
        case .double(let double): .real(double)
        case .string(let text): .text(text)
        case .blob(let data): .blob(Array(data))
        }
    }
}

struct SQLiteReader: SQLExecutor {
    let pool: DatabasePool

    func execute(_ sql: SQL) async throws {
        throw StoreError.unavailable("write attempted on a read connection")
    }

    func executeMany(_ text: String, _ rows: [[SQLValue]]) async throws {
        throw StoreError.unavailable("write attempted on a read connection")
    }

    func query(_ sql: SQL) async throws -> [SQLRow] {
        do {
            return try await pool.read { db in try SQLiteStatements.fetch(db, sql) }
        } catch {
            throw SQLiteDatabase.map(error)
        }
    }
}

/// Runs statements on GRDB's writer connection inside a transaction that `SQLiteDatabase.write`
/// opened; only used while the database's write lock is held.
struct SQLiteWriter: SQLExecutor {
    let executor: SQLiteWriterExecutor

    /// Runs `work` on the writer connection, mapping SQLite's errors to the store's.
    func run<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await executor.run(work)
        } catch {
            throw SQLiteDatabase.map(error)
        }
    }

    func execute(_ sql: SQL) async throws {
        try await run { db in
            try db.cachedStatement(sql: sql.text).execute(arguments: SQLiteStatements.arguments(sql.binds))
        }
    }

    func executeMany(_ text: String, _ rows: [[SQLValue]]) async throws {
        guard !rows.isEmpty else { return }
        try await run { db in try Self.bindAndStep(db, text, rows) }
    }

    static func bindAndStep(_ db: Database, _ text: String, _ rows: [[SQLValue]]) throws {
        // A statement of its own (not GRDB's cached one), bound through the C API: converting
        // each row to GRDB's StatementArguments cost more than SQLite's own work for the
        // event writer's wide rows.
        let statement = try db.makeStatement(sql: text)
        let handle = statement.sqliteStatement
        for row in rows {
            sqlite3_reset(handle)
            for (offset, value) in row.enumerated() {
                let index = Int32(offset + 1)
                let code: Int32
                switch value {
                case .null: code = sqlite3_bind_null(handle, index)
                case .integer(let int): code = sqlite3_bind_int64(handle, index, int)
                case .real(let double): code = sqlite3_bind_double(handle, index, double)
                case .text(var text):
                    code = text.withUTF8 { utf8 in
                        UnsafeRawBufferPointer(utf8).withMemoryRebound(to: CChar.self) { chars in
                            // An empty string still needs a pointer, or SQLite binds NULL.
                            sqlite3_bind_text(handle, index, chars.baseAddress ?? SQLiteBinding.empty, Int32(chars.count), SQLiteBinding.transient)
                        }
                    }
                case .blob(let bytes):
                    code = bytes.isEmpty ? sqlite3_bind_zeroblob(handle, index, 0) : bytes.withUnsafeBytes { raw in
                        sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), SQLiteBinding.transient)
                    }
                }
                guard code == SQLITE_OK else { throw SQLiteBinding.error(db, code: code, sql: text) }
            }
            let step = sqlite3_step(handle)
            guard step == SQLITE_DONE || step == SQLITE_ROW else {
                sqlite3_reset(handle)
                throw SQLiteBinding.error(db, code: step, sql: text)
            }
        }
        sqlite3_reset(handle)
    }

    func query(_ sql: SQL) async throws -> [SQLRow] {
        try await run { db in try SQLiteStatements.fetch(db, sql) }
    }
}

/// Helpers for binding through SQLite's C API.
enum SQLiteBinding {
    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// A valid pointer for empty text.
    nonisolated(unsafe) static let empty: UnsafePointer<CChar> = UnsafePointer(strdup("")!)

    static func error(_ db: Database, code: Int32, sql: String) -> DatabaseError {
        let extended = sqlite3_extended_errcode(db.sqliteConnection)
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        return DatabaseError(resultCode: ResultCode(rawValue: extended != 0 ? extended : code), message: message)
    }
}
