import CustodianServer
import Foundation
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Collects log lines in memory, rendered with their metadata.
final class MemoryLogHandlerBox: Sendable {
    let lines = Mutex<[String]>([])

    func handler(label: String) -> some LogHandler {
        MemoryLogHandler(box: self)
    }

    var all: String { lines.withLock { $0.joined(separator: "\n") } }
}

struct MemoryLogHandler: LogHandler {
    let box: MemoryLogHandlerBox
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        box.lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
    }
}

@Suite("No personal data or secrets in logs")
struct LogPrivacyTests {
    @Test func requestLogsCarryTheRequestIdButNoSecretsOrQueryValues() async throws {
        let box = MemoryLogHandlerBox()
        let logger = Logger(label: "custodian.tests") { box.handler(label: $0) }
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test(logger: logger) { client in
            try await client.execute(
                uri: "/v1/admin/api-keys?email=ada%40example.org", method: .post, headers: .bearer(admin),
                body: .init(string: #"{"name":"ada@example.org","scopes":["nope"]}"#)
            ) { (response) async throws in
                #expect(response.status == .unprocessableContent)
            }
        }
        let logs = box.all
        #expect(logs.contains("custodian.request_id"))
        #expect(logs.contains("request completed"))
        #expect(!logs.contains(admin))
        #expect(!logs.contains("ada@example.org"))
        #expect(!logs.contains("ada%40example.org"))
    }

    @Test func aCommentersAddressIsInNoLogLine() async throws {
        let box = MemoryLogHandlerBox()
        let logger = Logger(label: "custodian.tests") { box.handler(label: $0) }
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test(logger: logger) { client in
            let comment = #"{"name":"Grace","email":"grace.logged@example.net","body":"Hello"}"#
            let posted = try await client.json(.post, "/v1/comments", comment)
            #expect(posted.status == .created)
            // A refused one (bad website) and a malformed address say nothing of it either.
            let refused = try await client.json(.post, "/v1/comments", #"{"name":"Grace","email":"grace.logged@example","body":"Hi","website":"ftp://x"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(!refused.raw.contains("grace.logged"))
            let id = try #require(posted.body["id"] as? String)
            #expect(try await client.json(.post, "/v1/admin/comments/\(id)/approve", token: admin).status == .ok)
            for _ in 0..<5 { _ = try await client.json(.post, "/v1/comments", comment) }
        }
        let logs = box.all
        #expect(logs.contains("request completed"))
        #expect(!logs.contains("grace.logged"))
    }
}
