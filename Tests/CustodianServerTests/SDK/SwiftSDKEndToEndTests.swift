import CustodianCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianClient

/// The Swift SDK against the real application listening on 127.0.0.1.
@Suite("Swift SDK end to end")
struct SwiftSDKEndToEndTests {
    func configuration(port: Int, key: String, folder: URL) -> CustodianClient.Configuration {
        var configuration = CustodianClient.Configuration(
            endpoint: URL(string: "http://127.0.0.1:\(port)")!, writeKey: key, queueDirectory: folder)
        configuration.app = AppInfo(name: "Player", version: "2.1", build: "210")
        configuration.screen = ScreenInfo(width: 1280, height: 800, density: 2)
        configuration.locale = "de-CH"
        configuration.flushInterval = 3_600
        configuration.retry = RetryPolicy(initialDelay: 0.05, maximumDelay: 0.5)
        return configuration
    }

    /// The admin view of what was stored, by messageId.
    func stored(_ client: any TestClientProtocol, admin: String) async throws -> [String: [String: Any]] {
        let listed = try await client.json(.get, "/v1/admin/events?limit=1000", token: admin)
        #expect(listed.status == .ok, "\(listed.raw)")
        let items = listed.body["items"] as? [[String: Any]] ?? []
        return Dictionary(items.map { ($0["messageId"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("custodian-sdk-\(UUID().uuidString)")
    }

    @Test func aBatchArrivesEnriched() async throws {
        let app = try TestApp()
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await app.test(.live) { (client) async throws in
            let key = try await app.apiKey([.collect])
            let admin = try await app.apiKey([.admin])
            let sdk = try CustodianClient(configuration: configuration(port: try #require(client.port), key: key, folder: folder))
            let shown = try #require(await sdk.screen("Library"))
            let played = try #require(await sdk.track("Played", properties: ["title": "Blue in Green", "seconds": 337]))
            let result = await sdk.flush()
            #expect(result.accepted == 2, "\(result)")
            #expect(result.error == nil)
            await sdk.shutdown()

            let events = try await stored(client, admin: admin)
            let facts = await DeviceFacts.gather(configuration(port: 0, key: key, folder: folder))
            for id in [shown, played] {
                let event = try #require(events[id])
                #expect(event["osFamily"] as? String == facts.osName)
                #expect(event["osMajor"] as? String == facts.osVersion.split(separator: ".").first.map(String.init))
                #expect(event["deviceType"] as? String == "desktop")
                #expect(event["deviceModel"] as? String == facts.model)
                #expect(event["deviceBrand"] as? String == facts.manufacturer)
                #expect(event["screen"] as? String == "1280x800")
                #expect(event["timezone"] as? String == TimeZone.current.identifier)
                #expect(event["app"] as? String == "Player 2.1")
                #expect(event["language"] as? String == "de-CH")
                #expect(event["ipTruncated"] as? String == "127.0.0.0")
                #expect(event["hasAnonymousId"] as? Bool == true)
                #expect(event["bot"] as? Bool == false)
                #expect(event["personId"] == nil)
            }
            #expect(events[shown]?["type"] as? String == "screen")
            #expect(events[shown]?["name"] as? String == "Library")
            #expect(events[played]?["type"] as? String == "track")
            #expect(events[played]?["name"] as? String == "Played")
            #expect(events[played]?["properties"] as? String == #"{"seconds":337,"title":"Blue in Green"}"#)
        }
    }

    @Test func eventsQueuedBeforeARestartArriveOnceAfterIt() async throws {
        let app = try TestApp()
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await app.test(.live) { (client) async throws in
            let key = try await app.apiKey([.collect])
            let admin = try await app.apiKey([.admin])
            let port = try #require(client.port)
            // First launch: the server is out of reach (port 9), so everything stays queued.
            var ids: [String] = []
            do {
                var offline = configuration(port: 9, key: key, folder: folder)
                offline.retry = RetryPolicy(initialDelay: 3_600)
                let sdk = try CustodianClient(configuration: offline)
                for n in 1...5 { ids.append(try #require(await sdk.track("Queued \(n)"))) }
                let result = await sdk.flush()
                #expect(result.remaining == 5)
                await sdk.shutdown()
            }
            // Next launch, same folder: the queue is read back and sent, with the same message ids.
            let queue = folder.appendingPathComponent("events")
            let queueBeforeSending = folder.appendingPathComponent("events-copy")
            try FileManager.default.copyItem(at: queue, to: queueBeforeSending)
            let sdk = try CustodianClient(configuration: configuration(port: port, key: key, folder: folder))
            #expect(await sdk.statistics.queued == 5)
            #expect(await sdk.flush().accepted == 5)
            await sdk.shutdown()
            let events = try await stored(client, admin: admin)
            #expect(Set(events.keys) == Set(ids))

            // A crash after the server stored a batch but before the client noted it: the batch is
            // sent again, and the server keeps one copy per messageId.
            try FileManager.default.removeItem(at: queue)
            try FileManager.default.moveItem(at: queueBeforeSending, to: queue)
            let afterCrash = try CustodianClient(configuration: configuration(port: port, key: key, folder: folder))
            #expect(await afterCrash.statistics.queued == 5)
            let resent = await afterCrash.flush()
            #expect(resent.error == nil && resent.remaining == 0, "\(resent)")
            await afterCrash.shutdown()
            #expect(try await app.store.repositories.events.count() == 5)

            let settled = try CustodianClient(configuration: configuration(port: port, key: key, folder: folder))
            #expect(await settled.statistics.queued == 0)
            await settled.shutdown()
        }
    }

    @Test func consentIsHonouredBeforeTheServerSeesAnything() async throws {
        let app = try TestApp()
        let refusedFolder = temporaryFolder()
        let optOutFolder = temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: refusedFolder)
            try? FileManager.default.removeItem(at: optOutFolder)
        }
        try await app.test(.live) { (client) async throws in
            let key = try await app.apiKey([.collect])
            let admin = try await app.apiKey([.admin])
            let port = try #require(client.port)

            var refusing = configuration(port: port, key: key, folder: refusedFolder)
            refusing.consent = Consent(analytics: false)
            let refused = try CustodianClient(configuration: refusing)
            #expect(await refused.track("Not sent") == nil)
            #expect(await refused.flush() == FlushResult())
            await refused.shutdown()
            #expect(try await app.store.repositories.events.count() == 0)

            let optedOut = try CustodianClient(configuration: configuration(port: port, key: key, folder: optOutFolder))
            await optedOut.setConsent(Consent(analytics: true, optOut: true))
            let id = try #require(await optedOut.track("Sent without ids"))
            #expect(await optedOut.flush().accepted == 1)
            await optedOut.shutdown()
            let event = try #require(try await stored(client, admin: admin)[id])
            #expect(event["hasDeviceId"] as? Bool == false)
        }
    }
}
