import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// A real HTTP server that receives Custodian's webhooks as a partner would: it checks each
/// signature by the documented rule (HMAC-SHA256, key = the secret's UTF-8, over
/// `"<t>.<body>"`, hex in `v1=`) — written here from the docs, not with the server's own code —
/// and answers from a script of statuses, then 200.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var id: String?
        var type: String?
        var signature: String?
        var body: [UInt8]
        var at: Date
        var answered: Int

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let state: Mutex<(deliveries: [Delivery], script: [Int])>

    init(failFirst script: [Int] = []) {
        state = Mutex(([], script))
    }

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// Answers every later request with `status` (or 200 again with nil).
    func answerAlways(_ status: Int?) {
        state.withLock { $0.script = status.map { Array(repeating: $0, count: 1_000) } ?? [] }
    }

    var application: some ApplicationProtocol {
        let router = Router()
        router.post("/hooks") { [self] request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let header = { (name: String) in HTTPFields.Element.Name(name).flatMap { request.headers[$0] } }
            let id = header("Custodian-Event-Id"), type = header("Custodian-Event-Type"), signature = header("Custodian-Signature")
            let body = Array(buffer.readableBytesView)
            let answered: Int = state.withLock { (state: inout (deliveries: [Delivery], script: [Int])) -> Int in
                let status = state.script.isEmpty ? 200 : state.script.removeFirst()
                state.deliveries.append(Delivery(id: id, type: type, signature: signature, body: body, at: Date(), answered: status))
                return status
            }
            return Response(status: .init(code: answered))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Waits until a delivery of `type` arrives answered 2xx; nil after `timeout` seconds.
    func accepted(_ type: String, timeout: TimeInterval = 15) async -> Delivery? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let found = deliveries.first(where: { $0.type == type && (200..<300).contains($0.answered) }) { return found }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return nil
    }

    /// The documented verification: timestamp within five minutes, some `v1` equal to the MAC.
    static func verify(_ delivery: Delivery, secret: String, now: Date = Date()) -> Bool {
        guard let header = delivery.signature else { return false }
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return false }
            if pair[0] == "t" { timestamp = Int64(pair[1]) } else if pair[0] == "v1" { signatures.append(String(pair[1])) }
        }
        guard let timestamp, abs(Int64(now.timeIntervalSince1970) - timestamp) <= 300 else { return false }
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("\(timestamp).".utf8) + delivery.body, using: SymmetricKey(data: Array(secret.utf8)))
        let expected = mac.map { String(format: "%02x", $0) }.joined()
        return signatures.contains(expected)
    }
}

/// Waits until `condition` holds; false after `timeout` seconds.
func eventually(timeout: TimeInterval = 15, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return false
}
