import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

/// A small platform for the recommendation and profile tests: two services with keys, a
/// catalogue of two topics, people registered through the API, browsing sent to /v1/collect.
struct RecommendationFixture {
    let app: TestApp
    let web: PlatformService
    let appService: PlatformService
    /// Keys of the web service: `people` and `collect`; of the app: the same; and `consent`.
    let webKey: String
    let appKey: String
    let consentKey: String

    static func make(_ app: TestApp) async throws -> RecommendationFixture {
        let repositories = try await app.store.prepare()
        let web = try await repositories.services.register(name: "web", kind: .web, actor: "test")
        let appService = try await repositories.services.register(name: "app", kind: .ios, actor: "test")
        let webKey = try await repositories.apiKeys.create(name: "web", scopes: [.people, .collect], service: web.id, actor: "test").secret
        let appKey = try await repositories.apiKeys.create(name: "app", scopes: [.people, .collect], service: appService.id, actor: "test").secret
        let consentKey = try await repositories.apiKeys.create(name: "consent", scopes: [.consent], service: nil, actor: "test").secret
        return RecommendationFixture(app: app, web: web, appService: appService, webKey: webKey, appKey: appKey, consentKey: consentKey)
    }

    /// Football items f0…f5 and cooking items c0…c5 of the web service, at https://news.example/<id>.
    func catalogue(_ client: any TestClientProtocol) async throws {
        for topic in ["f", "c"] {
            for n in 0..<6 {
                let body = #"{"id":"\#(topic)\#(n)","title":"Item \#(topic)\#(n)","url":"https://news.example/\#(topic)\#(n)","tags":["\#(topic == "f" ? "football" : "cooking")"]}"#
                let created = try await client.json(.post, "/v1/catalog/items", body, token: webKey)
                #expect(created.status == .created, "\(created.raw)")
            }
        }
    }

    /// Registers someone through the API with `key`'s service; returns their id.
    func register(_ client: any TestClientProtocol, _ name: String, key: String? = nil) async throws -> String {
        let body = #"{"name":"\#(name) Example","email":"\#(name.lowercased())@example.org","password":"correct horse battery","gender":"female","birthDate":"1990-01-02"}"#
        let created = try await client.json(.post, "/v1/people", body, token: key ?? webKey)
        #expect(created.status == .created, "\(created.raw)")
        return try #require(created.body["id"] as? String)
    }

    /// `person` views `items` in one sitting (a minute apart, starting `start` ms ago), as web pages.
    func browse(
        _ client: any TestClientProtocol, _ person: String, _ items: [String], start: Int64 = 3_600_000, key: String? = nil,
        userAgent: String = CollectTests.chrome, headers: HTTPFields = [:]
    ) async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // Sent now, viewed earlier: the collector dates each view by the gap the client reports.
        let sentAt = ISOTimestamp.string(now)
        let events = items.enumerated().map { n, item in
            let at = ISOTimestamp.string(now - start + Int64(n) * 60_000)
            return #"{"type":"page","messageId":"\#(UUID().uuidString)","userId":"\#(person)","timestamp":"\#(at)","sentAt":"\#(sentAt)","context":{"page":{"url":"https://news.example/\#(item)?ref=home"}}}"#
        }
        var all = headers
        all[.userAgent] = userAgent
        let sent = try await client.json(.post, "/v1/collect", CollectTests.batch(events), token: key ?? webKey, headers: all)
        #expect(sent.status == .accepted, "\(sent.raw)")
    }

    /// The recommendations for `person`, as a service asks.
    func recommendations(
        _ client: any TestClientProtocol, _ person: String, query: String = "", headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any], raw: String) {
        try await client.json(.get, "/v1/people/\(person)/recommendations\(query)", token: webKey, headers: headers)
    }

    /// The ids of a recommendation answer's items.
    static func ids(_ body: [String: Any]) -> [String] {
        (body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    /// Polls `condition` until it holds (the model learns asynchronously), for at most 10 s.
    static func eventually(_ what: Comment, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("never happened: \(what)")
    }
}
