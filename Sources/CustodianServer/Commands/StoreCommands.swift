import CustodianStore
import Logging

/// Runs command-line work against the configured store, with its connections up.
public enum StoreCommands {
    public static func withStore<T: Sendable>(_ configuration: ServerConfiguration, _ body: @Sendable (CustodianStore) async throws -> T) async throws -> T {
        var logger = Logger(label: "custodian")
        logger.logLevel = .warning
        let store = try CustodianStore(configuration: configuration.store, logger: logger)
        let result = try await store.withRunning { try await body(store) }
        try await store.database.close()
        return result
    }
}
