import CustodianCore
import CustodianServer
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/privacy/requests` in a browser (no JavaScript): the form, the code page, the status page
/// with the export, over a real SMTP server.
@Suite("Privacy request pages", .enabled(if: SMTPTools.enabled, SMTPTools.missing), .serialized)
struct PrivacyRequestPagesTests {
    @Test func aVisitorFilesAnAccessRequestConfirmsItWithTheCodeAndDownloadsTheExport() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        try await app.test { client in
            let ada = try await client.register(name: "Ada Lovelace", email: "ada@example.org")
            let admin = try await app.apiKey([.admin])
            let browser = Browser(client)
            let policy = try await browser.get("/privacy")
            #expect(policy.body.contains("href=\"/privacy/requests\""), "linked from the navigation")
            let form = try await browser.get("/privacy/requests")
            #expect(form.status == .ok && form.body.contains("Fields marked") && form.body.contains("<label for=\"field-email\">"))
            #expect(form.body.contains("name=\"csrf_token\"") && !form.body.contains("<script"))

            // Problems are listed and tied to their fields; what was typed comes back.
            let bad = try await browser.post("/privacy/requests", [("email", "ada@"), ("details", "")])
            #expect(bad.status == .unprocessableContent && bad.body.contains("<title>Error:"))
            #expect(bad.body.contains("href=\"#field-kind\"") && bad.body.contains("id=\"field-email-error\"") && bad.body.contains("aria-invalid=\"true\""))
            // Without the form token nothing is filed.
            let forged = try await browser.post("/privacy/requests", [("kind", "access"), ("email", "ada@example.org")], token: .some(nil))
            #expect(forged.status == .forbidden)
            _ = try await browser.get("/privacy/requests")

            let filed = try await browser.post("/privacy/requests", [("kind", "access"), ("email", "ada@example.org"), ("details", "")])
            #expect(filed.status == .seeOther, "\(filed.body)")
            let path = try #require(filed.location)
            #expect(path.hasPrefix("/privacy/requests/") && !path.contains("ada") && !path.contains("prq_"))
            let cookie = try #require(filed.setCookie("custodian_request"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/privacy/requests"))
            let codePage = try await browser.get(path)
            #expect(codePage.status == .ok && codePage.body.contains("Enter the code we emailed you") && codePage.body.contains("one-time-code"))
            #expect(!codePage.body.contains("ada@example.org"))
            let code = try PrivacyRequestsSupport.code(in: try #require(try await smtp.waitFor(1).last))
            let wrong = try await browser.post(path + "/verify", [("code", PrivacyRequestsSupport.wrong(code))])
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("The code is not right"))
            let right = try await browser.post(path + "/verify", [("code", code)])
            #expect(right.status == .seeOther && right.location == path)
            let pending = try await browser.get(path)
            #expect(pending.body.contains("Received, waiting for our privacy team"))

            // Another browser (no cookie) cannot see it.
            let stranger = try await Browser(client).get(path)
            #expect(stranger.status == .notFound)

            let id = String(path.dropFirst("/privacy/requests/".count))
            #expect(try await client.staff("approve", id, key: admin).status == .ok)
            #expect(try await client.staff("complete", id, key: admin).status == .ok)
            let done = try await browser.get(path)
            #expect(done.body.contains("Your data is ready to download") && done.body.contains("\(path)/export"))
            let download = try await browser.get(path + "/export")
            #expect(download.status == .ok && download.body.contains(ada) && download.body.contains("Ada Lovelace"))
        }
    }
}
