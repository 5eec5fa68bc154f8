import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Shortcuts for the contact and survey tests.
extension TestClientProtocol {
    /// Sends JSON with an API key (rather than a session token).
    /// Registers someone with only name, email and password, signs them in; returns the token.
    func signUp(name: String = "Bob Example", email: String) async throws -> String {
        let password = "another long secret"
        let registered = try await json(.post, "/v1/people", #"{"name":"\#(name)","email":"\#(email)","password":"\#(password)"}"#)
        #expect(registered.status == .created, "\(registered.raw)")
        let session = try await json(.post, "/v1/sessions", #"{"email":"\#(email)","password":"\#(password)"}"#)
        return try #require(session.body["token"] as? String, "\(session.raw)")
    }

    func admin(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, key: String) async throws -> (status: HTTPResponse.Status, body: [String: Any], raw: String) {
        try await json(method, uri, body, token: key)
    }
}

/// Reading the contract's error body in tests.
enum Reply {
    /// The `(field, code)` pairs of a 422.
    static func fields(_ body: [String: Any]) -> [String] {
        let fields = (body["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []
        return fields.map { "\($0["field"] as? String ?? "?"):\($0["code"] as? String ?? "?")" }
    }

    static func code(_ body: [String: Any]) -> String? {
        (body["error"] as? [String: Any])?["code"] as? String
    }

    static func items(_ body: [String: Any]) -> [[String: Any]] {
        body["items"] as? [[String: Any]] ?? []
    }

    /// Every byte of the application's SQLite files, NULs as spaces, as text to search.
    static func rawDatabase(_ directory: String) throws -> String {
        var bytes: [UInt8] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasPrefix("custodian.sqlite") {
            bytes += Array(try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name)))
        }
        return String(decoding: bytes.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
    }
}
