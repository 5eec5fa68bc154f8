import Foundation
import Logging
import NIOCore
import PostgresNIO

/// PostgreSQL through postgres-nio's `PostgresClient` (a connection pool).
///
/// The client must run (``run()``) for queries to be served; the server runs it as a service,
/// commands run it in a task group around their work.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    public let client: PostgresClient
    /// The schema search path the pool's connections start with, if set.
    public let searchPath: String?
    private let logger: Logger
    private let metrics: DatabaseMetrics

    /// Creates a pool for `url`: `postgres://user:pass@host:port/db`, with the optional query
    /// parameters `sslmode=disable|prefer|require` and `search_path=schema` (several Custodian
    /// installations can share one database in separate schemas).
    public init(url: String, searchPath: String? = nil, logger: Logger) throws {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql",
              let host = components.host, !host.isEmpty,
              let user = components.user
        else {
            throw StoreError.configuration("the database URL must look like postgres://user:password@host:port/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch sslmode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw StoreError.configuration("unknown sslmode '\(sslmode)'")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password, database: database.isEmpty ? nil : database, tls: tls
        )
        configuration.options.maximumConnections = 16
        let urlSearchPath = components.queryItems?.first { $0.name == "search_path" }?.value
        if let urlSearchPath, !urlSearchPath.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "," }) {
            throw StoreError.configuration("search_path may hold only letters, digits, underscores and commas")
        }
        let searchPath = searchPath ?? urlSearchPath
        if let searchPath {
            configuration.options.additionalStartupParameters = [("search_path", searchPath)]
        }
        self.logger = logger
        self.metrics = DatabaseMetrics(engine: "postgres", maxConnections: configuration.options.maximumConnections)
        self.searchPath = searchPath
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Runs the connection pool until the surrounding task is cancelled.
    public func run() async {
        await client.run()
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await metrics.measure(write: false) {
            try await client.withConnection { connection in
                try await body(PostgresExecutor(connection: connection, logger: logger))
            }
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await metrics.measure(write: true) { try await transaction(body) }
    }

    private func transaction<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                let executor = PostgresExecutor(connection: connection, logger: logger)
                try await executor.execute(SQL("BEGIN"))
                do {
                    let result = try await body(executor)
                    try await executor.execute(SQL("COMMIT"))
                    return result
                } catch {
                    try? await executor.execute(SQL("ROLLBACK"))
                    throw error
                }
            }
        } catch {
            throw PostgresExecutor.map(error)
        }
    }

    public func ping() async throws {
        _ = try await read { try await $0.query(SQL("SELECT 1 AS one")) }
    }

    public func close() async throws {}
}

struct PostgresExecutor: SQLExecutor {
    let connection: PostgresConnection
    let logger: Logger

    func execute(_ sql: SQL) async throws {
        do {
            _ = try await connection.query(Self.query(sql), logger: logger)
        } catch {
            throw Self.map(error)
        }
    }

    func executeMany(_ text: String, _ rows: [[SQLValue]]) async throws {
        guard !rows.isEmpty else { return }
        if let insert = MultiRowInsert(text), let width = rows.first?.count, width > 0 {
            // One statement per chunk instead of one per row: PostgreSQL allows 65,535 bindings.
            let chunk = max(1, 65_535 / width)
            var start = 0
            while start < rows.count {
                let slice = rows[start..<min(rows.count, start + chunk)]
                try await execute(SQL(insert.text(rows: slice.count), slice.flatMap { $0 }))
                start += chunk
            }
            return
        }
        // Other statements are pipelined on the connection; waiting for them together saves round trips.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for row in rows {
                let query = try Self.query(SQL(text, row))
                group.addTask { _ = try await connection.query(query, logger: logger) }
            }
            do {
                try await group.waitForAll()
            } catch {
                throw Self.map(error)
            }
        }
    }

    func query(_ sql: SQL) async throws -> [SQLRow] {
        do {
            let rows = try await connection.query(Self.query(sql), logger: logger).collect()
            return rows.map(Self.row)
        } catch {
            throw Self.map(error)
        }
    }

    static func query(_ sql: SQL) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: sql.binds.count)
        for value in sql.binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let int): bindings.append(int)
            case .real(let double): bindings.append(double)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return PostgresQuery(unsafeSQL: SQLDialect.numberedPlaceholders(sql.text), binds: bindings)
    }

    static func row(_ row: PostgresRow) -> SQLRow {
        var columns: [String] = []
        var values: [SQLValue] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(value(cell))
        }
        return SQLRow(columns: columns, values: values)
    }

    static func value(_ cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return (try? cell.decode(Int64.self)).map(SQLValue.integer) ?? .null
        case .bool:
            return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
        case .float4, .float8, .numeric:
            return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null
        case .bytea:
            return (try? cell.decode(ByteBuffer.self)).map { .blob(Array($0.readableBytesView)) } ?? .null
        default:
            return (try? cell.decode(String.self)).map(SQLValue.text) ?? .null
        }
    }

    static func map(_ error: any Error) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        if let error = error as? PSQLError {
            if error.serverInfo?[.sqlState] == "23505" { return StoreError.conflict }
            // The server's message names the problem; the query text is never included.
            let message = error.serverInfo?[.message] ?? "\(error.code)"
            return StoreError.unavailable("PostgreSQL: \(message)")
        }
        return error
    }
}

/// An `INSERT … VALUES (?, …) [ON CONFLICT …]` statement, repeated for many rows in one statement.
struct MultiRowInsert {
    let head: String
    let tuple: String
    let tail: String

    init?(_ text: String) {
        guard text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().hasPrefix("INSERT"),
              let values = text.range(of: "VALUES", options: .caseInsensitive),
              let open = text[values.upperBound...].firstIndex(of: "("),
              let close = text[open...].firstIndex(of: ")")
        else { return nil }
        let tuple = String(text[open...close])
        // Only a tuple of plain placeholders can be repeated safely.
        guard tuple.dropFirst().dropLast().split(separator: ",").allSatisfy({ $0.trimmingCharacters(in: .whitespaces) == "?" }) else { return nil }
        head = String(text[..<open])
        self.tuple = tuple
        tail = String(text[text.index(after: close)...])
    }

    func text(rows: Int) -> String {
        head + Array(repeating: tuple, count: rows).joined(separator: ", ") + tail
    }
}
