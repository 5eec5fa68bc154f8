import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

/// A person's whole journey in headless Chromium (where installed; CI requires it): register,
/// browse a site that uses the web SDK, see it in the privacy centre, switch marketing off,
/// unsubscribe, download, comment under the policy (the address never shown), delete the
/// account — with a screenshot of every page. The console's journey is ``ConsoleBrowserTests``.
@Suite("Privacy journey in Chromium")
struct PrivacyJourneyBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/privacy-journey.py")

    @Test(.enabled(if: BrowserTools.python != nil || BrowserTools.required, Comment(rawValue: BrowserTools.missing)))
    func registerBrowseChooseDownloadCommentAndDelete() async throws {
        guard let python = BrowserTools.python else {
            Issue.record(Comment(rawValue: BrowserTools.missing))
            return
        }
        let app = try TestApp()
        let key = try await app.apiKey([.collect])
        let shots = ProcessInfo.processInfo.environment["CUSTODIAN_SCREENSHOTS"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("custodian-screenshots").path
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        try await app.test(.live) { (client) async throws in
            let server = "http://127.0.0.1:\(try #require(client.port))"
            let output = try await ConsoleBrowserTests.run(python, [Self.script.path, server, key, shots])
            let seen = (try? JSONSerialization.jsonObject(with: output.stdout) as? [String: Any]) ?? [:]
            try #require(output.status == 0, "the journey failed: \(output.stderr) \(seen)")
            let person = try #require(seen["person"] as? String)
            #expect(seen["dataPage"] as? Bool == true)
            #expect(seen["unsubscribed"] as? Bool == true)
            #expect((seen["exportBytes"] as? Int ?? 0) > 1_000)
            #expect(seen["commentPosted"] as? Bool == true)
            #expect(seen["deleted"] as? Bool == true)

            // What the server holds afterwards: the person is gone, every step is in the audit log.
            let repositories = app.store.repositories
            #expect(try await repositories.people.exists(person) == false)
            let actions = try await repositories.database.read { db in
                try await db.query(SQL("SELECT action FROM audit_log WHERE subject = ? ORDER BY seq", [.text(person)])).map { try $0.text("action") }
            }
            for action in ["person.create", "consent.record", "person.export", "person.erase"] {
                #expect(actions.contains(action), "\(action) missing from \(actions)")
            }
            // The comment was posted signed in, so it went with the account: the queue is empty
            // again and the erasure's audit entry counts it.
            let admin = try await app.apiKey([.admin])
            let queue = try await client.json(.get, "/v1/admin/comments?status=all", token: admin)
            #expect((queue.body["items"] as? [[String: Any]])?.isEmpty == true, "\(queue.raw)")
            let erasure = try await repositories.database.read { db in
                try await db.query(SQL("SELECT details FROM audit_log WHERE subject = ? AND action = 'person.erase'", [.text(person)])).first?.text("details")
            }
            #expect(erasure?.contains("\"commentsErased\":\"1\"") == true, "\(erasure ?? "no erasure entry")")

            let names = seen["screenshots"] as? [String] ?? []
            for page in ["register", "account", "site-with-sdk", "what-we-hold", "choices", "choices-saved", "unsubscribe", "download", "export",
                         "activity", "sharing", "contact", "leave-a-reply", "comment-posted", "delete", "deleted"] {
                #expect(names.contains { $0.hasSuffix("-\(page).png") }, "screenshot \(page)")
            }
        }
    }
}
