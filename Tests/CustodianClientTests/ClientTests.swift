import Foundation
import Testing

@testable import CustodianClient

@Suite struct ClientTests {
    @Test func aFlushSendsOneBatchOfSegmentShapedEvents() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: transport) { $0.app = AppInfo(name: "Player", version: "2.1", build: "210") })
        let played = await client.track("Played", properties: ["title": "Blue in Green", "seconds": 337, "shuffle": false])
        let shown = await client.screen("Library")
        let result = await client.flush()
        #expect(result == { var r = FlushResult(); r.accepted = 2; return r }())

        let request = try #require(transport.requests.only)
        #expect(request.url.absoluteString == "http://127.0.0.1:9/v1/collect")
        #expect(request.headers["Authorization"] == "Bearer ck_test")
        #expect(request.headers["Content-Type"] == "application/json")
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect(body["sentAt"] is String)
        let events = request.events
        #expect(events.map { $0["messageId"] as? String } == [played, shown])
        #expect(events.map { $0["type"] as? String } == ["track", "screen"])
        let track = events[0]
        #expect(track["event"] as? String == "Played")
        #expect((track["properties"] as? [String: Any])?["seconds"] as? Int == 337)
        #expect(track["anonymousId"] as? String != nil)
        #expect(track["timestamp"] as? String != nil)
        #expect(events[1]["name"] as? String == "Library")
        let context = try #require(track["context"] as? [String: Any])
        #expect(context["locale"] as? String == "en-GB")
        #expect(context["timezone"] as? String == TimeZone.current.identifier)
        #expect(context["screen"] as? [String: Double] == ["width": 1280, "height": 800, "density": 2])
        #expect((context["device"] as? [String: Any])?["id"] as? String == (await client.deviceId))
        #expect((context["device"] as? [String: Any])?["model"] as? String != nil)
        #expect((context["os"] as? [String: Any])?["name"] as? String != nil)
        #expect(context["app"] as? [String: String] == ["name": "Player", "version": "2.1", "build": "210"])
        #expect(context["library"] as? [String: String] == ["name": "custodian-swift", "version": CustodianClient.libraryVersion])
        #expect(context["privacy"] as? [String: Bool] == ["gpc": false, "dnt": false])
        #expect(await client.statistics.queued == 0)
    }

    @Test func reachingFlushAtSendsWithoutBeingAsked() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: transport) { $0.flushAt = 3 })
        await client.track("One")
        await client.track("Two")
        #expect(transport.requests.isEmpty)
        await client.track("Three")
        #expect(await eventually { transport.events.count == 3 })
        #expect(transport.requests.count == 1)
    }

    @Test func theIntervalSendsWhatIsWaiting() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: transport) { $0.flushInterval = 0.1 })
        await client.track("Alone")
        #expect(await eventually { transport.events.count == 1 })
        await client.shutdown()
    }

    @Test func batchesKeepToTheEventLimit() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: transport) { $0.maxBatchEvents = 4; $0.flushAt = 100 })
        for n in 0..<10 { await client.track("Event \(n)") }
        let result = await client.flush()
        #expect(result.accepted == 10)
        #expect(transport.requests.map(\.events.count) == [4, 4, 2])
        #expect(transport.events.map { $0["event"] as? String } == (0..<10).map { "Event \($0)" })
    }

    @Test func queuedEventsSurviveARestartWithTheirMessageIds() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let offline = RecordingTransport([nil, nil, nil])
        var ids: [String?] = []
        do {
            let client = try CustodianClient(configuration: .test(folder, transport: offline) { $0.retry = RetryPolicy(initialDelay: 60) })
            for name in ["Opened", "Played", "Paused"] { ids.append(await client.track(name)) }
            let result = await client.flush()
            #expect(result.error == .network("URLError"))
            #expect(result.remaining == 3)
            await client.shutdown()
        }
        let online = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: online))
        // A restarted client sends what was left soon, unasked.
        #expect(await eventually { online.events.count == 3 })
        #expect(online.events.map { $0["messageId"] as? String } == ids)
        #expect(offline.events.map { $0["messageId"] as? String } == ids)
        #expect(await client.statistics.queued == 0)
    }

    @Test func aFullQueueDropsTheOldestAndCountsThem() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport()
        let client = try CustodianClient(configuration: .test(folder, transport: transport) { $0.maxQueuedEvents = 3; $0.flushAt = 100 })
        for n in 1...5 { await client.track("Event \(n)") }
        #expect(await client.statistics.dropped == 2)
        await client.flush()
        #expect(transport.events.map { $0["event"] as? String } == ["Event 3", "Event 4", "Event 5"])
    }

    @Test func identifyTiesLaterEventsToThePersonAcrossLaunches() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport()
        do {
            let client = try CustodianClient(configuration: .test(folder, transport: transport))
            await client.track("Before")
            await client.identify(userId: "person-1", traits: ["plan": "family"])
            await client.flush()
            await client.shutdown()
        }
        let client = try CustodianClient(configuration: .test(folder, transport: transport))
        await client.track("After")
        await client.reset()
        await client.track("Signed out")
        await client.flush()
        let events = transport.events
        #expect(events.map { $0["userId"] as? String } == [nil, "person-1", "person-1", nil])
        #expect((events[1]["traits"] as? [String: String]) == ["plan": "family"])
        let anonymous = events.map { $0["anonymousId"] as? String }
        #expect(anonymous[0] == anonymous[2])
        #expect(anonymous[3] != anonymous[0])
    }

    @Test func anOversizedBatchIsSplitAndAnInvalidOneDropped() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport([TransportResponse(status: 413), TransportResponse(status: 422)])
        let client = try CustodianClient(configuration: .test(folder, transport: transport) { $0.flushAt = 100 })
        for n in 1...4 { await client.track("Event \(n)") }
        let result = await client.flush()
        // 4 refused as too large; 2 then refused as invalid (dropped); the last 2 accepted.
        #expect(transport.requests.map(\.events.count) == [4, 2, 2])
        #expect(result.accepted == 2)
        #expect(result.rejected == 2)
        #expect(result.remaining == 0)
        #expect(result.error == .rejected(status: 422))
    }

    @Test func serverRejectionsOfSomeEventsAreCounted() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let reply = #"{"accepted":1,"duplicates":1,"rejected":[{"index":2,"field":"event","code":"required","message":"…"}]}"#
        let transport = RecordingTransport([TransportResponse(status: 202, body: Data(reply.utf8))])
        let client = try CustodianClient(configuration: .test(folder, transport: transport))
        for n in 1...3 { await client.track("Event \(n)") }
        let result = await client.flush()
        #expect(result.accepted == 1)
        #expect(result.duplicates == 1)
        #expect(result.rejected == 1)
        #expect(await client.statistics.queued == 0)
    }

    @Test func aWrongKeyKeepsTheEventsAndWaitsLong() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let transport = RecordingTransport([TransportResponse(status: 401)])
        let client = try CustodianClient(configuration: .test(folder, transport: transport) { $0.retry = RetryPolicy(initialDelay: 0.01, maximumDelay: 30) })
        await client.track("Kept")
        let result = await client.flush()
        #expect(result.error == .unauthorized(status: 401))
        #expect(result.remaining == 1)
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(transport.requests.count == 1)
        #expect(await client.flush().accepted == 1)
    }

    @Test func impossibleSettingsAreRefusedAtCreation() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: CustodianClientError.invalidConfiguration("maxBatchEvents must be 1…500 (the server's limit)")) {
            try CustodianClient(configuration: .test(folder, transport: RecordingTransport()) { $0.maxBatchEvents = 501 })
        }
        #expect(throws: CustodianClientError.invalidConfiguration("writeKey is empty")) {
            try CustodianClient(configuration: .test(folder, transport: RecordingTransport()) { $0.writeKey = "" })
        }
    }

    @Test func theCollectAddressIsDerivedOrKept() {
        func address(_ endpoint: String) -> String {
            CustodianClient.Configuration(endpoint: URL(string: endpoint)!, writeKey: "k", queueDirectory: URL(fileURLWithPath: "/tmp")).collectURL.absoluteString
        }
        #expect(address("https://c.example") == "https://c.example/v1/collect")
        #expect(address("https://c.example/custodian/") == "https://c.example/custodian/v1/collect")
        #expect(address("https://c.example/v1/collect") == "https://c.example/v1/collect")
    }
}

extension Array {
    var only: Element? { count == 1 ? first : nil }
}
