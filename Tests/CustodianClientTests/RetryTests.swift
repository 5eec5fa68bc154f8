import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import CustodianClient

/// The client against a real HTTP server that fails before it accepts, over `URLSession`.
@Suite struct RetryTests {
    struct Attempt: Sendable {
        var at: Date
        var messageIds: [String]
        var authorization: String?
    }

    /// The requests the fake server saw.
    final class Attempts: Sendable {
        private let storage = Mutex<[Attempt]>([])

        var all: [Attempt] { storage.withLock { $0 } }
        var count: Int { storage.withLock { $0.count } }

        /// Records an attempt; returns its index.
        func append(_ attempt: Attempt) -> Int {
            storage.withLock { attempts in
                attempts.append(attempt)
                return attempts.count - 1
            }
        }
    }

    /// A collect endpoint answering from `script` (status, Retry-After), then 202.
    static func server(_ script: [(Int, String?)], attempts: Attempts) -> some ApplicationProtocol {
        let router = Router()
        router.post("v1/collect") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            let ids = (object?["batch"] as? [[String: Any]] ?? []).compactMap { $0["messageId"] as? String }
            let index = attempts.append(Attempt(at: Date(), messageIds: ids, authorization: request.headers[.authorization]))
            if index < script.count {
                let (status, retryAfter) = script[index]
                var headers: HTTPFields = [:]
                if let retryAfter { headers[.retryAfter] = retryAfter }
                return Response(status: .init(code: status), headers: headers)
            }
            return Response(
                status: .accepted, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"accepted\":\(ids.count),\"duplicates\":0,\"rejected\":[]}")))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    func configuration(_ folder: TemporaryFolder, port: Int) -> CustodianClient.Configuration {
        var configuration = CustodianClient.Configuration(
            endpoint: URL(string: "http://127.0.0.1:\(port)")!, writeKey: "ck_retry", queueDirectory: folder.url)
        configuration.flushAt = 2
        configuration.flushInterval = 3_600
        configuration.retry = RetryPolicy(initialDelay: 0.2, maximumDelay: 5, multiplier: 2, jitter: 0.5)
        return configuration
    }

    @Test func unavailableThenRateLimitedThenAccepted() async throws {
        let attempts = Attempts()
        let app = Self.server([(503, nil as String?), (429, "1")], attempts: attempts)
        try await app.test(.live) { (client) async throws in
            let folder = TemporaryFolder()
            defer { folder.remove() }
            let custodian = try CustodianClient(configuration: configuration(folder, port: try #require(client.port)))
            let first = await custodian.track("Played")
            let second = await custodian.track("Paused")
            #expect(await eventually(timeout: 15) { attempts.count == 3 })
            #expect(await eventually { await custodian.statistics.queued == 0 })
            let seen = attempts.all
            // Every try sends the same events: the server stores them once.
            #expect(seen.map(\.messageIds) == Array(repeating: [first, second].compactMap { $0 }, count: 3))
            #expect(seen.allSatisfy { $0.authorization == "Bearer ck_retry" })
            // Backoff after 503: the first delay with jitter, 0.1…0.2 s.
            let afterUnavailable = seen[1].at.timeIntervalSince(seen[0].at)
            #expect(afterUnavailable >= 0.09)
            // 429 with Retry-After: 1 is honoured although the backoff alone would be shorter.
            #expect(seen[2].at.timeIntervalSince(seen[1].at) >= 0.99)
            let statistics = await custodian.statistics
            #expect(statistics.accepted == 2)
            #expect(statistics.lastError == nil)
            await custodian.shutdown()
        }
    }

    @Test func theBackoffGrowsWhileTheServerStaysDown() async throws {
        let attempts = Attempts()
        let app = Self.server([(503, nil as String?), (500, nil), (502, nil)], attempts: attempts)
        try await app.test(.live) { (client) async throws in
            let folder = TemporaryFolder()
            defer { folder.remove() }
            var settings = configuration(folder, port: try #require(client.port))
            settings.retry = RetryPolicy(initialDelay: 0.1, maximumDelay: 5, multiplier: 2, jitter: 0)
            let custodian = try CustodianClient(configuration: settings)
            await custodian.track("One")
            await custodian.track("Two")
            #expect(await eventually(timeout: 60) { attempts.count == 4 })
            let times = attempts.all.map(\.at)
            let gaps = zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
            // 0.1, 0.2, 0.4 s without jitter: never sooner. No upper bound is asserted: a busy
            // machine only adds delay, and the 60 s deadline above (generous: the suite shares two cores) bounds the whole run.
            for (gap, expected) in zip(gaps, [0.1, 0.2, 0.4]) {
                #expect(gap >= expected * 0.95)
            }
            #expect(await eventually { await custodian.statistics.queued == 0 })
            await custodian.shutdown()
        }
    }

    @Test func offlineIsRetriedUntilTheServerIsThere() async throws {
        // A port nothing listens on: connection refused, then the flush gives up for now.
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var settings = configuration(folder, port: 9)
        settings.flushAt = 100
        settings.retry = RetryPolicy(initialDelay: 60)
        let custodian = try CustodianClient(configuration: settings)
        await custodian.track("Offline")
        let result = await custodian.flush()
        guard case .network = result.error else {
            Issue.record("expected a network error, got \(String(describing: result.error))")
            return
        }
        #expect(result.remaining == 1)
        await custodian.shutdown()
    }
}
