import Foundation
import Synchronization
import Testing

@testable import CustodianClient

/// A folder under the temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-client-\(UUID().uuidString)")

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A transport that records every request and answers from a script: a response, or nil for a
/// network failure; once the script is used up, 202 with every event accepted.
final class RecordingTransport: CustodianTransport {
    struct Request: Sendable {
        var body: Data
        var headers: [String: String]
        var url: URL
        var at: Date

        /// The batch's events as JSON objects.
        var events: [[String: Any]] {
            let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
            return object?["batch"] as? [[String: Any]] ?? []
        }
    }

    private let state: Mutex<(requests: [Request], script: [TransportResponse?])>

    init(_ script: [TransportResponse?] = []) {
        state = Mutex(([], script))
    }

    var requests: [Request] { state.withLock { $0.requests } }
    var events: [[String: Any]] { requests.flatMap(\.events) }

    func post(_ body: Data, to url: URL, headers: [String: String]) async throws -> TransportResponse {
        let request = Request(body: body, headers: headers, url: url, at: Date())
        let scripted: TransportResponse?? = state.withLock { state in
            state.requests.append(request)
            return state.script.isEmpty ? .none : .some(state.script.removeFirst())
        }
        switch scripted {
        case .none:
            let count = request.events.count
            return TransportResponse(status: 202, body: Data("{\"accepted\":\(count),\"duplicates\":0,\"rejected\":[]}".utf8))
        case .some(.none):
            throw URLError(.notConnectedToInternet)
        case .some(.some(let response)):
            return response
        }
    }
}

extension CustodianClient.Configuration {
    /// A configuration for tests: a fake endpoint, the given transport, a long interval so that
    /// only `flushAt`, retries and `flush()` send.
    static func test(_ folder: TemporaryFolder, transport: any CustodianTransport, configure: (inout Self) -> Void = { _ in }) -> Self {
        var configuration = Self(endpoint: URL(string: "http://127.0.0.1:9/")!, writeKey: "ck_test", queueDirectory: folder.url)
        configuration.transport = transport
        configuration.flushInterval = 3_600
        configuration.screen = ScreenInfo(width: 1280, height: 800, density: 2)
        configuration.locale = "en-GB"
        configuration.retry = RetryPolicy(initialDelay: 0.05, maximumDelay: 0.2)
        configure(&configuration)
        return configuration
    }
}

/// Waits until `condition` holds, polling; false when `timeout` passes first.
func eventually(timeout: TimeInterval = 10, _ condition: () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return await condition()
}
