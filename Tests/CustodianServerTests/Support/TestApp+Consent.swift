import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import CustodianServer

/// The policy and consent tests' view of ``TestApp``: a data folder that can be reused by a
/// second application (a restart), keys and people made directly in the store.
extension TestApp {
    /// A master key fixed for the tests, so that an application restarted on the same folder opens
    /// what the first one sealed.
    static let restartableEnvironment = ["CUSTODIAN_MASTER_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="]

    init(folder: String?, policyFile: String? = nil) throws {
        try self.init(environment: Self.restartableEnvironment, directory: folder) { $0.policyFile = policyFile }
    }

    var folder: String { directory }

    /// A fresh API key with `scopes`.
    func key(_ scopes: Set<APIScope>) async throws -> String {
        try await apiKey(scopes)
    }

    /// A fresh person with a name and an email address.
    func person() async throws -> String {
        try await store.repositories.people.create(
            attributes: [
                PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Ada Example"),
                PersonAttribute(field: "email", category: "user.contact.email", source: "provided", value: "ada@example.com"),
            ],
            lookups: [], actor: "test")
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Request helpers.
enum Issue3HTTP {
    static func headers(key: String, json: Bool = false, extra: HTTPFields = [:]) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(key)"]
        if json { fields[.contentType] = "application/json" }
        fields.append(contentsOf: extra)
        return fields
    }

    static func body(_ object: [String: Any]) -> ByteBuffer {
        // Test input only: the literals are always serialisable.
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func text(_ response: TestResponse) -> String {
        String(buffer: response.body)
    }

    /// Asks `POST /v1/decisions`; returns the status and the JSON object.
    static func decide(
        _ client: any TestClientProtocol, key: String, person: String, purpose: String, categories: [String] = [],
        extra: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(
            uri: "/v1/decisions", method: .post, headers: headers(key: key, json: true, extra: extra),
            body: body(["person": person, "purpose": purpose, "categories": categories])
        ) { response in (response.status, try object(response)) }
    }

    static func setConsent(
        _ client: any TestClientProtocol, key: String, person: String, purpose: String, state: String, source: String? = nil,
        extra: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, [String: Any]) {
        var payload: [String: Any] = ["state": state]
        if let source { payload["source"] = source }
        return try await client.execute(
            uri: "/v1/people/\(person)/consents/\(purpose)", method: .put, headers: headers(key: key, json: true, extra: extra),
            body: body(payload)
        ) { response in (response.status, try object(response)) }
    }
}
