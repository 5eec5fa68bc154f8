import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Shortcuts for the people API in router tests.
extension TestClientProtocol {
    /// Sends JSON and returns status and decoded object.
    func json(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, token: String? = nil, headers extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, body: [String: Any], raw: String) {
        var headers = extra
        if body != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let raw = String(buffer: response.body)
            let object = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] ?? [:]
            return (response.status, object, raw)
        }
    }

    /// Registers Ada and signs her in; returns her id and session token.
    func registerAndSignIn(email: String = "ada@example.org", password: String = "correct horse battery") async throws -> (id: String, token: String) {
        let registered = try await json(.post, "/v1/people", #"{"name":"Ada Lovelace","email":"\#(email)","password":"\#(password)","phone":"+44 20 7946 0958","gender":"female","birthDate":"1990-12-10"}"#)
        #expect(registered.status == .created, "\(registered.raw)")
        let session = try await json(.post, "/v1/sessions", #"{"email":"\#(email)","password":"\#(password)"}"#)
        #expect(session.status == .created, "\(session.raw)")
        return (try #require(registered.body["id"] as? String), try #require(session.body["token"] as? String))
    }
}
