import CustodianCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The console in headless Chromium (where installed; CI requires it): sign in with the
/// one-time password, choose a new one, verify the audit chain, sign out — with screenshots.
@Suite("Console in Chromium")
struct ConsoleBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/console-browser.py")

    @Test(.enabled(if: BrowserTools.python != nil || BrowserTools.required, Comment(rawValue: BrowserTools.missing)))
    func signInChooseAPasswordAndVerifyTheAuditChain() async throws {
        guard let python = BrowserTools.python else {
            Issue.record(Comment(rawValue: BrowserTools.missing))
            return
        }
        let app = try TestApp()
        let account = try await ConsoleSupport.account(app, email: "dpo@example.org", role: .privacyOfficer, password: "one-time-Pass-42", oneTime: true)
        // Screenshots stay for CI to collect: CUSTODIAN_SCREENSHOTS, or a folder in the temporary directory.
        let shots = ProcessInfo.processInfo.environment["CUSTODIAN_SCREENSHOTS"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("custodian-screenshots").path
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        try await app.test(.live) { (client) async throws in
            let server = "http://127.0.0.1:\(try #require(client.port))"
            let output = try await Self.run(python, [Self.script.path, server, "dpo@example.org", "one-time-Pass-42", shots])
            try #require(output.status == 0, "the browser script failed: \(output.stderr)")
            let seen = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
            #expect((seen["signInUrl"] as? String)?.hasPrefix("\(server)/admin/sign-in") == true)
            #expect(seen["afterSignInUrl"] as? String == "\(server)/admin/password")
            #expect(seen["passwordHeading"] as? String == "Choose your password")
            #expect(seen["dashboardUrl"] as? String == "\(server)/admin?password=changed")
            #expect((seen["dashboardText"] as? String)?.contains("Privacy officer") == true)
            let navigation = seen["navigation"] as? [String] ?? []
            #expect(navigation.contains("\(server)/admin/audit") && !navigation.contains("\(server)/admin/partners"))
            let verified = try #require(seen["verifyText"] as? String)
            #expect(verified.hasPrefix("audit chain intact: ") && verified.hasSuffix(" entries"), "\(verified)")
            #expect(seen["signedOutUrl"] as? String == "\(server)/admin/sign-in?signedout=1")
            #expect(!(seen["cookies"] as? [String] ?? []).contains("custodian_staff"))
            for page in ["sign-in", "choose-password", "dashboard", "audit-log", "audit-verified", "signed-out"] {
                #expect(FileManager.default.fileExists(atPath: "\(shots)/console-\(page).png"), "screenshot \(page)")
            }
            let verifications = try await ConsoleSupport.audit(app, action: "audit.verify")
            #expect(verifications.first?.actor == "staff:\(account.id)")
        }
    }

    /// Runs the script to completion without blocking a thread of the cooperative pool.
    static func run(_ python: String, _ arguments: [String]) async throws -> BrowserTools.Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-console-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return BrowserTools.Output(status: status, stdout: try Data(contentsOf: out), stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}
