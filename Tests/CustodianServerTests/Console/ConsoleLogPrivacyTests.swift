import CustodianCore
@testable import CustodianServer
import Foundation
import HummingbirdTesting
import Logging
import Testing

@Suite("Console: no staff or person data in logs")
struct ConsoleLogPrivacyTests {
    @Test func signInLookupAndSignOutLogNoAddressPasswordOrToken() async throws {
        let box = MemoryLogHandlerBox()
        let logger = Logger(label: "custodian.tests") { box.handler(label: $0) }
        let app = try TestApp()
        try await ConsoleSupport.account(app, email: "help@example.org", role: .support)
        let token = Locked<String>("")
        try await app.test(logger: logger) { client in
            try await PagesTests.register(Browser(client))
            let browser = Browser(client)
            _ = try await ConsoleSupport.signIn(browser, email: "nobody@example.org", password: "a wrong password here")
            try await ConsoleSupport.signIn(browser, email: "help@example.org")
            token.withLock { $0 = browser.jar["custodian_staff"] ?? "" }
            let found = try await browser.post("/admin/people", [("email", "ada@example.org")])
            #expect(found.body.contains("Ada Lovelace"))
            _ = try await browser.post("/admin/sign-out", [])
        }
        let logs = box.all
        #expect(logs.contains("request completed"))
        #expect(!token.withLock { $0 }.isEmpty)
        for secret in ["help@example.org", "nobody@example.org", "ada@example.org", "Ada Lovelace", ConsoleSupport.password, "a wrong password here", token.withLock { $0 }] {
            #expect(!logs.contains(secret), "in the logs: \(secret)")
        }
    }
}
