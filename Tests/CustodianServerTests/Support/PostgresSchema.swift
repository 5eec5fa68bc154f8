import CustodianStore
import Foundation
import Logging

/// A throw-away PostgreSQL schema for one test.
enum PostgresSchema {
    static func with<T: Sendable>(url: String, _ body: @Sendable (String) async throws -> T) async throws -> T {
        let schema = "p_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let admin = try PostgresDatabase(url: url, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { await admin.run(); return nil }
            defer { group.cancelAll() }
            try await admin.write { try await $0.execute(SQL("CREATE SCHEMA \(schema)")) }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(String(schema)))
            } catch {
                result = .failure(error)
            }
            try? await admin.write { try await $0.execute(SQL("DROP SCHEMA \(schema) CASCADE")) }
            return try result.get()
        }
    }
}
