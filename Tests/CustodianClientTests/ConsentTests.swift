import Foundation
import Testing

@testable import CustodianClient

@Suite struct ConsentTests {
    @Test func refusedAnalyticsQueuesNothingAndDiscardsWhatWaited() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: transport))
        await client.track("Before the choice")
        await client.setConsent(Consent(analytics: false))
        #expect(await client.track("After the refusal") == nil)
        #expect(await client.identify(userId: "person-1") == nil)
        await client.flush()
        #expect(transport.requests.isEmpty)
        #expect(await client.statistics.refusedByConsent == 3)
        #expect(await client.deviceId == nil)
    }

    @Test func theChoiceIsKeptAcrossLaunches() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            let client = try CustodianClient(configuration: .test(folder, transport: RecordingTransport()))
            await client.setConsent(Consent(analytics: false))
            await client.shutdown()
        }
        let transport = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: transport))
        #expect(await client.consent == Consent(analytics: false))
        #expect(await client.track("Refused still") == nil)
        await client.setConsent(Consent(analytics: true))
        #expect(await client.track("Granted again") != nil)
        await client.flush()
        #expect(transport.events.map { $0["event"] as? String } == ["Granted again"])
    }

    @Test func minimalModeKeepsOnlyACountOfUse() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: transport) {
            $0.whenAnalyticsRefused = .minimal
            $0.consent = Consent(analytics: false)
        })
        await client.identify(userId: "person-1")
        #expect(await client.track("Played", properties: ["title": "So What"]) != nil)
        await client.flush()
        let event = try #require(transport.events.only)
        #expect(event["event"] as? String == "Played")
        #expect(event["properties"] == nil)
        #expect(event["userId"] == nil)
        let context = try #require(event["context"] as? [String: Any])
        #expect((context["device"] as? [String: Any])?["id"] == nil)
        #expect(context["privacy"] as? [String: Bool] == ["gpc": false, "dnt": false, "analytics": false])
        // The anonymous id lasts for this launch only.
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("state.json"))) as? [String: Any]
        #expect(event["anonymousId"] as? String != state?["anonymousId"] as? String)
    }

    @Test func anOptOutSignalSendsNoDeviceIdNorLastingId() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: transport) { $0.deviceId = "vendor-id-1"; $0.flushAt = 100 })
        await client.identify(userId: "person-1")
        await client.track("Before the signal")
        await client.setConsent(Consent(analytics: true, optOut: true))
        await client.track("Under the signal")
        #expect(await client.deviceId == nil)
        await client.flush()
        let events = transport.events
        #expect(events.count == 3)
        // Events queued before the signal leave without the lasting ids as well.
        for event in events {
            let context = try #require(event["context"] as? [String: Any])
            #expect((context["device"] as? [String: Any])?["id"] == nil)
            #expect((context["privacy"] as? [String: Bool])?["gpc"] == true)
            #expect(event["userId"] as? String == "person-1")
        }
        #expect(Set(events.map { $0["anonymousId"] as? String }).count == 1)
        let body = String(decoding: transport.requests[0].body, as: UTF8.self)
        #expect(!body.contains("vendor-id-1"))
        let state = try String(contentsOf: folder.url.appendingPathComponent("state.json"), encoding: .utf8)
        let lasting = try #require((try JSONSerialization.jsonObject(with: Data(state.utf8)) as? [String: Any])?["anonymousId"] as? String)
        #expect(!body.contains(lasting))
    }
}
