import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one request body to the server. The default is ``URLSessionTransport``; an app may
/// give its own (its networking stack, a proxy).
public protocol CustodianTransport: Sendable {
    func post(_ body: Data, to url: URL, headers: [String: String]) async throws -> TransportResponse
}

/// A server's answer: status, headers (names in lower case) and body.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }
}

/// Posts with an ephemeral `URLSession`: no cookies, no cache, a bounded wait.
public struct URLSessionTransport: CustodianTransport {
    let session: URLSession

    public init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: configuration)
    }

    public func post(_ body: Data, to url: URL, headers: [String: String]) async throws -> TransportResponse {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        // The callback form works on every platform and Foundation this library supports.
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let http = response as? HTTPURLResponse {
                    var fields: [String: String] = [:]
                    for (name, value) in http.allHeaderFields {
                        if let name = name as? String, let value = value as? String { fields[name] = value }
                    }
                    continuation.resume(returning: TransportResponse(status: http.statusCode, headers: fields, body: data ?? Data()))
                } else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                }
            }
            task.resume()
        }
    }
}
