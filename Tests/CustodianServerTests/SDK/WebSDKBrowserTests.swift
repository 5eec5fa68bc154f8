import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Headless Chromium, chromedriver and Selenium, where installed (`.ci/run` installs them).
enum BrowserTools {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/web-sdk-browser.py")

    /// CI sets `CUSTODIAN_TEST_BROWSER=required`: there a missing browser fails the test.
    static let required = ProcessInfo.processInfo.environment["CUSTODIAN_TEST_BROWSER"] == "required"

    static let missing = "headless Chromium, chromedriver or Selenium is not installed (apt-get install chromium chromium-driver python3-selenium)"

    /// A Python that can import Selenium, when Chromium and chromedriver are on the PATH too.
    static let python: String? = {
        guard executable("chromium") ?? executable("chromium-browser") != nil, executable("chromedriver") != nil else { return nil }
        let candidates = ["/usr/bin/python3", executable("python3")].compactMap { $0 }
        return candidates.first { run($0, ["-c", "import selenium"]) == 0 }
    }()

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Runs the page script to completion without blocking a thread of the cooperative pool.
    static func visit(python: String, server: String, key: String) async throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, server, key]
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
        return Output(status: status, stdout: try Data(contentsOf: out), stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

/// The web SDK in a real browser: pages on another origin include it from the server, and what
/// they send arrives enriched.
@Suite("Web SDK in Chromium")
struct WebSDKBrowserTests {
    @Test(.enabled(if: BrowserTools.python != nil || BrowserTools.required, Comment(rawValue: BrowserTools.missing)))
    func pageViewsAndEventsArriveEnriched() async throws {
        guard let python = BrowserTools.python else {
            Issue.record(Comment(rawValue: BrowserTools.missing))
            return
        }
        let app = try TestApp()
        try await app.test(.live) { (client) async throws in
            let key = try await app.apiKey([.collect])
            let admin = try await app.apiKey([.admin])
            let server = "http://127.0.0.1:\(try #require(client.port))"
            let output = try await BrowserTools.visit(python: python, server: server, key: key)
            try #require(output.status == 0, "the browser script failed: \(output.stderr)")
            let seen = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
            let origin = try #require(seen["origin"] as? String)
            let normal = try #require(seen["normal"] as? [String: Any])
            let gpc = try #require(seen["gpc"] as? [String: Any])
            let refused = try #require(seen["refused"] as? [String: Any])

            // Beacons are fire-and-forget: wait for the six events (identify is not sent when refused).
            var events: [[String: Any]] = []
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline {
                let listed = try await client.json(.get, "/v1/admin/events?limit=100", token: admin)
                events = listed.body["items"] as? [[String: Any]] ?? []
                if events.count >= 6 { break }
                try await Task.sleep(nanoseconds: 100_000_000)
            }
            #expect(events.count == 6)
            func event(_ type: String, onPage title: String) -> [String: Any]? {
                events.first { $0["type"] as? String == type && $0["title"] as? String == title }
            }

            // A visitor without signals: everything the default policy allows, enriched from the request.
            let screen = try #require(normal["screen"] as? [Int])
            let view = try #require(event("page", onPage: "Normal page"))
            let signUp = try #require(event("track", onPage: "Normal page"))
            for stored in [view, signUp] {
                let family = stored["browserFamily"] as? String
                #expect(family == "HeadlessChrome" || family == "Chrome", "\(stored)")
                #expect(stored["osFamily"] as? String == "Linux")
                // uap-core counts headless Chrome as a robot (device family Spider); the server agrees.
                let headless = family == "HeadlessChrome"
                #expect(stored["deviceType"] as? String == (headless ? "bot" : "desktop"))
                #expect(stored["bot"] as? Bool == headless)
                #expect(stored["language"] as? String == normal["language"] as? String)
                #expect(stored["language"] as? String == "de-CH")
                #expect(stored["screen"] as? String == "\(screen[0])x\(screen[1])")
                #expect(stored["timezone"] as? String == normal["timezone"] as? String)
                #expect(stored["ipTruncated"] as? String == "127.0.0.0")
                #expect(stored["hasAnonymousId"] as? Bool == true)
                // The query (which held a token) never leaves the page; the referrer is the link's page.
                #expect(stored["url"] as? String == "\(origin)/normal.html")
                #expect(stored["referrer"] as? String == "\(origin)/start.html")
            }
            #expect(signUp["name"] as? String == "Signed Up")
            #expect(signUp["properties"] as? String == #"{"plan":"free"}"#)

            // What the pages sent: the lasting id normally; under GPC or refused consent a per-page
            // id only (nothing kept in the browser), with the signals marked.
            func sent(_ page: [String: Any]) -> [[String: Any]] {
                (page["batches"] as? [[String: Any]] ?? []).flatMap { $0["batch"] as? [[String: Any]] ?? [] }
            }
            func ids(_ page: [String: Any]) -> Set<String> { Set(sent(page).compactMap { $0["anonymousId"] as? String }) }
            func privacy(_ page: [String: Any]) -> [[String: Bool]] { sent(page).map { ($0["context"] as? [String: Any])?["privacy"] as? [String: Bool] ?? [:] } }
            let lasting = try #require(normal["storedAnonymousId"] as? String)
            #expect(ids(normal) == [lasting])
            #expect(privacy(normal) == Array(repeating: ["gpc": false, "dnt": false], count: 2))
            #expect(gpc["storedAnonymousId"] is NSNull)
            #expect(ids(gpc).count == 1 && !ids(gpc).contains(lasting))
            #expect(privacy(gpc) == Array(repeating: ["gpc": true, "dnt": false], count: 2))
            #expect(refused["storedAnonymousId"] is NSNull)
            #expect(ids(refused).count == 1 && ids(refused).isDisjoint(with: ids(gpc).union([lasting])))
            #expect(privacy(refused) == Array(repeating: ["gpc": false, "dnt": false, "analytics": false], count: 2))
            #expect(sent(refused).allSatisfy { $0["userId"] == nil })
            #expect(refused["sent"] as? Bool == true)  // fetch: the server answered 2xx across origins
            #expect(event("page", onPage: "Private page") != nil)
            #expect(event("track", onPage: "Private page")?["name"] as? String == "Private Read")
            #expect(event("page", onPage: "Refused page") != nil)
            let refusedRead = try #require(event("track", onPage: "Refused page"))
            #expect(refusedRead["name"] as? String == "Refused Read")
            // identify() was not sent, and no event carries the person.
            #expect(events.allSatisfy { $0["type"] as? String != "identify" && $0["personId"] == nil })
        }
    }
}
