import CustodianCore
import CustodianServer
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The messaging tests' application: an https public URL (for unsubscribe links), a fast
/// outbox, and — when given — the real SMTP server to send to.
extension TestApp {
    static let publicURL = "https://custodian.test"

    static func messaging(smtp: SMTPTestServer?, configure: (inout ServerConfiguration) -> Void = { _ in }) throws -> TestApp {
        try TestApp { configuration in
            configuration.publicURL = publicURL
            configuration.trustedProxies = [IPNetwork("127.0.0.1"), IPNetwork("::1")].compactMap { $0 }
            if let smtp, var server = try? MailConfiguration.SMTP.parse(smtp.url()) {
                server.startTLS = .opportunistic
                server.timeoutSeconds = 30
                configuration.mail.smtp = server
                configuration.mail.from = Mailbox(name: "Custodian", address: "privacy@custodian.test")
            }
            configuration.mail.outboxPollMillis = 50
            configuration.mail.retryBaseMillis = 100
            configure(&configuration)
        }
    }
}

/// Shortcuts for the messaging API in router tests.
extension TestClientProtocol {
    /// Registers a person through the API (which records their acceptance of the policy).
    @discardableResult
    func register(name: String, email: String, password: String = "correct horse battery") async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["name": name, "email": email, "password": password])
        let answer = try await json(.post, "/v1/people", String(decoding: body, as: UTF8.self))
        #expect(answer.status == .created, "\(answer.raw)")
        return try #require(answer.body["id"] as? String)
    }

    /// Creates a campaign; returns its id.
    func createCampaign(key: String, _ fields: [String: Any]) async throws -> String {
        let answer = try await json(.post, "/v1/campaigns", try Self.text(fields), token: key)
        #expect(answer.status == .created, "\(answer.raw)")
        return try #require(answer.body["id"] as? String)
    }

    /// Queues a campaign; returns its report.
    func queueCampaign(key: String, _ id: String) async throws -> [String: Any] {
        let answer = try await json(.post, "/v1/campaigns/\(id)/queue", token: key)
        #expect(answer.status == .ok, "\(answer.raw)")
        return try #require(answer.body["report"] as? [String: Any])
    }

    /// The delivery counts of a campaign, once they satisfy `done` (or after `timeout`).
    func delivery(key: String, campaign: String, timeout: Duration = .seconds(20), until done: ([String: Int]) -> Bool) async throws -> [String: Int] {
        let deadline = ContinuousClock.now + timeout
        var counts: [String: Int] = [:]
        repeat {
            let answer = try await json(.get, "/v1/campaigns/\(campaign)", token: key)
            counts = answer.body["delivery"] as? [String: Int] ?? [:]
            if done(counts) { return counts }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        return counts
    }

    static func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}

/// The excluded count of a campaign report for `reason` (and `purpose`).
func excluded(_ report: [String: Any], _ reason: String, purpose: String? = nil) -> Int {
    (report["excluded"] as? [[String: Any]] ?? [])
        .filter { $0["reason"] as? String == reason && (purpose == nil || $0["purpose"] as? String == purpose) }
        .reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
}

/// A promotion's fields.
func promotion(name: String = "Winter news", subject: String = "News for {{name}}") -> [String: Any] {
    [
        "name": name, "subject": subject,
        "text": "Hello {{name}},\n.A line that starts with a dot.\nUnsubscribe: {{unsubscribeUrl}}",
        "html": "<p>Hello {{name}}</p><p><a href=\"{{unsubscribeUrl}}\">Unsubscribe</a></p>",
    ]
}
