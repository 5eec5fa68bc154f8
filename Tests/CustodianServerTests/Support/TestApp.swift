import CustodianCore
import CustodianServer
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Builds the real application on a temporary data folder for router tests.
struct TestApp {
    let directory: String
    let configuration: ServerConfiguration
    let store: CustodianStore

    init(environment: [String: String] = [:], directory existing: String? = nil, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory = existing ?? FileManager.default.temporaryDirectory.appendingPathComponent("custodian-app-\(UUID().uuidString)").path
        var configuration = ServerConfiguration(dataDirectory: directory, port: 0, logLevel: .critical, environment: environment)
        // Fast password hashing and sign-in delays; the rules are the same.
        configuration.bcryptCost = 4
        configuration.signInDelayMillis = 1
        configure(&configuration)
        configuration.environment["CUSTODIAN_MASTER_KEY"] = configuration.environment["CUSTODIAN_MASTER_KEY"] ?? MasterKeys.encode(.init(size: .bits256))
        self.configuration = configuration
        var logger = Logger(label: "custodian.tests")
        logger.logLevel = .critical
        store = try CustodianStore(configuration: configuration.store, logger: logger)
    }

    /// An API key with `scopes`, made directly in the store.
    func apiKey(_ scopes: Set<APIScope>) async throws -> String {
        try await store.prepare().apiKeys.create(name: "test", scopes: scopes, actor: "test").secret
    }

    /// Runs `body` against the application through the real router.
    func test(_ mode: TestingSetup = .router, logger: Logger? = nil, keepData: Bool = false, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { if !keepData { try? FileManager.default.removeItem(atPath: directory) } }
        let app = try await buildApplication(configuration: configuration, store: store, logger: logger)
        try await app.test(mode, body)
    }
}

extension TestResponse {
    /// The contract's error body.
    func errorBody() throws -> ErrorBody {
        try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: body))
    }

    var text: String { String(buffer: body) }
}

extension HTTPFields {
    static func bearer(_ key: String, json: Bool = true) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(key)"]
        if json { fields[.contentType] = "application/json" }
        return fields
    }
}
