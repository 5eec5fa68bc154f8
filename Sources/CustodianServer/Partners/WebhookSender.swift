import AsyncHTTPClient
import CustodianCore
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one signed webhook over HTTP(S) with AsyncHTTPClient.
///
/// Why AsyncHTTPClient rather than a small NIO client of our own: webhook URLs are `https://`,
/// and AsyncHTTPClient brings TLS (swift-nio-ssl), connection pooling, connect and read
/// timeouts, and a tested HTTP/1.1 parser; a hand-written client would have to re-do all of
/// that on the path that carries personal data. It was already in the package graph for tests.
/// Redirects are refused: a redirect could send personal data somewhere the partner's
/// registration does not name.
struct WebhookSender: Sendable {
    let client: HTTPClient
    let timeout: TimeAmount

    init(timeoutSeconds: Int) {
        timeout = .seconds(Int64(timeoutSeconds))
        client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(min(5, Int64(timeoutSeconds))), read: .seconds(Int64(timeoutSeconds)))))
    }

    /// How one attempt ended.
    enum Result: Sendable, Equatable {
        /// The server answered with this status.
        case response(Int)
        /// No answer. `maybeReceived`: the connection was up, so the body may have arrived.
        case transport(String, maybeReceived: Bool)
    }

    func send(url: String, event: WebhookEvent, secret: String, at timestamp: Int64) async -> Result {
        let body: [UInt8]
        do {
            body = try event.body()
        } catch {
            return .transport("the event could not be encoded", maybeReceived: false)
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Custodian-Webhooks/1")
        request.headers.add(name: "Custodian-Event-Id", value: event.id)
        request.headers.add(name: "Custodian-Event-Type", value: event.type)
        request.headers.add(name: WebhookSignature.header, value: WebhookSignature.value(secrets: [secret], timestamp: timestamp, body: body))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            // The answer's body is not used; read a little so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .response(Int(response.status.code))
        } catch let error as HTTPClientError {
            let received: [HTTPClientError] = [.readTimeout, .remoteConnectionClosed, .deadlineExceeded, .writeTimeout]
            return .transport(error.shortDescription, maybeReceived: received.contains(error))
        } catch {
            return .transport("connection failed", maybeReceived: false)
        }
    }

    func shutdown() async {
        try? await client.shutdown()
    }
}
