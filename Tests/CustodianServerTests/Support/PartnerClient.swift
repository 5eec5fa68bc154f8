import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A registered partner as the tests hold it.
struct TestPartner: Sendable {
    var id: String
    var key: String
    var secret: String
}

extension TestClientProtocol {
    /// Registers a partner through the admin API and issues it a key.
    func registerPartner(
        admin: String, name: String, purposes: [String] = [], sources: [String] = [], webhook: String? = nil, push: Bool = false,
        recipient: String = "partners"
    ) async throws -> TestPartner {
        var body: [String: Any] = [
            "name": name, "contact": "privacy@\(name).example", "recipient": recipient, "purposes": purposes, "sourceCategories": sources,
            "push": push,
        ]
        if let webhook { body["webhookUrl"] = webhook }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let created = try await json(.post, "/v1/admin/partners", text, token: admin)
        #expect(created.status == .created, "\(created.raw)")
        let id = try #require(created.body["id"] as? String)
        let key = try await json(.post, "/v1/admin/partners/\(id)/api-keys", #"{"name":"\#(name) key"}"#, token: admin)
        #expect(key.status == .created, "\(key.raw)")
        return TestPartner(id: id, key: try #require(key.body["key"] as? String), secret: try #require(created.body["webhookSecret"] as? String))
    }

    /// The error body without its request id, to compare two answers.
    func errorWithoutRequestId(_ raw: String) -> [String: String] {
        let object = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any]
        var error = (object?["error"] as? [String: Any]) ?? [:]
        error["requestId"] = nil
        return error.mapValues { "\($0)" }
    }
}

extension TestApp {
    /// An application whose webhook worker polls and backs off quickly, so tests wait little.
    static func partners(attempts: Int = 12, environment: [String: String] = [:]) throws -> TestApp {
        try TestApp(environment: environment) { configuration in
            configuration.webhooks.pollMillis = 20
            configuration.webhooks.backoffBaseMillis = 100
            configuration.webhooks.backoffCapSeconds = 1
            configuration.webhooks.maxAttempts = attempts
        }
    }
}
