import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 4's mail: step-up sign-in with a code by email, and the notice to an address someone
/// tried to register again. The codes and notices arrive at a real SMTP server.
@Suite("Step-up sign-in and registration notices over real SMTP", .enabled(if: SMTPTools.enabled, SMTPTools.missing), .serialized)
struct StepUpAndNoticeTests {
    static let body = #"{"email":"ada@example.org","password":"correct horse battery"}"#
    static let home: HTTPFields = [.init("X-Forwarded-For")!: "198.51.100.20", .userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"]
    static let away: HTTPFields = [
        .init("X-Forwarded-For")!: "203.0.113.50",
        .userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1",
    ]

    /// (These tests run `.live`: the network signal needs a peer address for the trusted-proxy rule.)
    /// A familiar sign-in, then three wrong passwords: the next sign-in from a new network and
    /// browser scores 55 (new software, new network, account failures) and asks for a code.
    static func prepareRisk(_ client: some TestClientProtocol) async throws {
        _ = try await client.register(name: "Ada Lovelace", email: "ada@example.org")
        #expect(try await client.json(.post, "/v1/sessions", body, headers: home).status == .created)
        for _ in 0..<3 {
            _ = try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"not her password"}"#, headers: home)
        }
    }

    static func code(in mail: ReceivedMail) throws -> String {
        let text = mail.decodedText
        let digits = text.split(whereSeparator: { !$0.isNumber }).first { $0.count == 6 }
        return String(try #require(digits, "no code in \(text)"))
    }

    @Test func aStepUpSignInOpensASessionOnlyWithTheEmailedCode() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        try await app.test(.live) { client in
            try await Self.prepareRisk(client)
            var headers = Self.away
            headers[.contentType] = "application/json"
            let asked = try await client.execute(uri: "/v1/sessions", method: .post, headers: headers, body: ByteBuffer(string: Self.body)) { response in
                (response.status, response.headers, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
            }
            #expect(asked.0 == .unauthorized, "\(asked.2)")
            #expect((asked.2["error"] as? [String: Any])?["code"] as? String == "step_up_required")
            #expect(asked.2["token"] == nil)
            let challenge = try #require(asked.1.first { $0.name.canonicalName == "custodian-challenge" }?.value)
            let mail = try #require(try await smtp.waitFor(1).last)
            #expect(mail.rcptTos == ["ada@example.org"])
            #expect(mail.header("Subject")?.hasPrefix("Your sign-in code: ") == true)
            #expect(mail.header("List-Unsubscribe") == nil, "a code is not a promotion")
            let code = try Self.code(in: mail)
            let wrong = code == "000000" ? "111111" : "000000"

            let refused = try await client.json(.post, "/v1/sessions/verify", #"{"challenge":"\#(challenge)","code":"\#(wrong)"}"#, headers: Self.away)
            #expect(refused.status == .unauthorized && (refused.body["error"] as? [String: Any])?["code"] as? String == "invalid_code")
            let missing = try await client.json(.post, "/v1/sessions/verify", #"{"challenge":"\#(challenge)"}"#)
            #expect(missing.status == .unprocessableContent)
            let opened = try await client.json(.post, "/v1/sessions/verify", #"{"challenge":"\#(challenge)","code":"\#(code)"}"#, headers: Self.away)
            #expect(opened.status == .created, "\(opened.raw)")
            let token = try #require(opened.body["token"] as? String)
            #expect(try await client.json(.get, "/v1/people/me", token: token).status == .ok)
            // A code opens one session only.
            let again = try await client.json(.post, "/v1/sessions/verify", #"{"challenge":"\#(challenge)","code":"\#(code)"}"#, headers: Self.away)
            #expect(again.status == .unauthorized)

            let recent = try await client.json(.get, "/v1/people/me/sign-ins", token: token)
            let outcomes = (recent.body["items"] as? [[String: Any]] ?? []).compactMap { $0["outcome"] as? String }
            #expect(outcomes.filter { $0 == "step_up" }.count == 1, "\(outcomes)")
            #expect(outcomes.contains("step_up_failed") && outcomes.first == "success", "\(outcomes)")
            // The code is not kept once sent, and was never stored in the clear.
            let rows = try await app.store.database.read { try await $0.query(SQL("SELECT payload FROM outbox WHERE kind = 'step_up_code'")) }
            #expect(rows.allSatisfy { $0["payload"] == .null })
        }
    }

    @Test func theSignInPageAsksForTheCodeAndSignsInWithIt() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        try await app.test(.live) { client in
            try await Self.prepareRisk(client)
            let browser = Browser(client)
            _ = try await browser.get("/signin", headers: Self.away)
            let form = try await browser.post("/signin", [("email", "ada@example.org"), ("password", "correct horse battery")], headers: Self.away)
            #expect(form.status == .ok && form.body.contains("Enter the code we emailed you"), "\(form.body)")
            #expect(form.setCookie("custodian_session") == nil)
            #expect(!form.body.contains("<script"))
            let challenge = try #require(form.body.components(separatedBy: "name=\"challenge\" value=\"").dropFirst().first?.prefix { $0 != "\"" })
            let code = try Self.code(in: try #require(try await smtp.waitFor(1).last))
            let wrong = try await browser.post("/signin/verify", [("challenge", String(challenge)), ("code", "12")], headers: Self.away)
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("The code is not right"))
            let done = try await browser.post("/signin/verify", [("challenge", String(challenge)), ("code", code), ("next", "/account")], headers: Self.away)
            #expect(done.status == .seeOther && done.location == "/account")
            #expect(done.setCookie("custodian_session") != nil)
            let account = try await browser.get("/account", headers: Self.away)
            #expect(account.status == .ok && account.body.contains("Unsubscribe from promotional email"))
        }
    }

    @Test func registeringATakenAddressAnswersAsANewOneAndNoticesTheOwnerOnce() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        try await app.test { client in
            let owner = try await client.register(name: "Ada Lovelace", email: "ada@example.org")
            let attempt = #"{"name":"Mallory","email":"ADA@example.org","password":"another long passphrase"}"#
            let first = try await client.json(.post, "/v1/people", attempt)
            let second = try await client.json(.post, "/v1/people", attempt)
            #expect(first.status == .created && second.status == .created)
            #expect(Set(first.body.keys) == ["id"] && first.body["id"] as? String != owner)
            let mails = try await smtp.waitFor(1)
            let notice = try #require(mails.first)
            #expect(notice.rcptTos == ["ada@example.org"])
            #expect(notice.header("Subject") == "Someone tried to register with your address")
            #expect(notice.decodedText.contains("Hello Ada Lovelace"))
            #expect(!notice.decodedText.contains("Mallory"), "nothing of the attempt is passed on")
            // One notice an hour at most, however often it is tried.
            try await Task.sleep(for: .milliseconds(500))
            #expect(try smtp.received().count == 1)
            #expect(try await app.store.repositories.outbox.messages(to: owner).count == 1)
        }
    }
}
