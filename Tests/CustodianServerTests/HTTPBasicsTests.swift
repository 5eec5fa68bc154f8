import CustodianCore
@testable import CustodianServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("HTTP basics")
struct HTTPBasicsTests {
    @Test func healthAndReadinessAnswer() async throws {
        try await TestApp().test { client in
            try await client.execute(uri: "/healthz", method: .get) { (response) async throws in
                #expect(response.status == .ok)
                #expect(response.text == #"{"status":"ok"}"#)
            }
            try await client.execute(uri: "/readyz", method: .get) { (response) async throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func everyResponseCarriesARequestIdAndSecurityHeaders() async throws {
        try await TestApp().test { client in
            for uri in ["/healthz", "/no-such-route"] {
                try await client.execute(uri: uri, method: .get) { (response) async throws in
                    #expect((response.headers[.xRequestID] ?? "").count >= 16)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                    #expect(response.headers[.referrerPolicy] == "no-referrer")
                    #expect(response.headers[.strictTransportSecurity] == nil)
                }
            }
        }
    }

    @Test func aSaneCallerRequestIdIsKept() async throws {
        try await TestApp().test { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [.xRequestID: "trace-abc-123"]) { (response) async throws in
                #expect(response.headers[.xRequestID] == "trace-abc-123")
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.xRequestID: "bad id\u{7f}"]) { (response) async throws in
                #expect(response.headers[.xRequestID] != "bad id\u{7f}")
            }
        }
    }

    @Test func hstsIsSentOnlyBehindTLS() async throws {
        let app = try TestApp(environment: [:])
        var configuration = app.configuration
        configuration.publicURL = "https://privacy.example.com"
        let application = try await buildApplication(configuration: configuration, store: app.store)
        try await application.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { (response) async throws in
                #expect(response.headers[.strictTransportSecurity]?.hasPrefix("max-age=") == true)
            }
        }
    }

    @Test func unknownRouteIsAJSON404WithTheContractBody() async throws {
        try await TestApp().test { client in
            try await client.execute(uri: "/v1/nothing-here", method: .get) { (response) async throws in
                #expect(response.status == .notFound)
                let body = try response.errorBody()
                #expect(body.error.code == "not_found")
                #expect(body.error.requestId == response.headers[.xRequestID])
                #expect(body.error.fields == nil)
            }
        }
    }

    @Test func missingOrInvalidKeyIs401AndWrongScopeIs403() async throws {
        let app = try TestApp()
        let collector = try await app.apiKey([.collect])
        try await app.test { client in
            try await client.execute(uri: "/v1/admin/api-keys", method: .get) { (response) async throws in
                #expect(response.status == .unauthorized)
                #expect(try response.errorBody().error.code == "unauthenticated")
            }
            try await client.execute(uri: "/v1/admin/api-keys", method: .get, headers: .bearer("ck_not-a-real-key")) { (response) async throws in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/admin/api-keys", method: .get, headers: .bearer(collector)) { (response) async throws in
                #expect(response.status == .forbidden)
                #expect(try response.errorBody().error.code == "insufficient_scope")
            }
        }
    }

    @Test func malformedJSONIs400() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            for body in [#"{"name":"#, "not json", #"{"name": "x", "scopes": ["admin"]"#, "\u{FF}\u{FE}"] {
                try await client.execute(uri: "/v1/admin/api-keys", method: .post, headers: .bearer(admin), body: ByteBuffer(string: body)) { (response) async throws in
                    #expect(response.status == .badRequest)
                    #expect(try response.errorBody().error.code == "malformed_json")
                }
            }
        }
    }

    @Test func wrongContentTypeIs415() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            var headers = HTTPFields.bearer(admin, json: false)
            headers[.contentType] = "text/plain"
            try await client.execute(uri: "/v1/admin/api-keys", method: .post, headers: headers, body: ByteBuffer(string: #"{"name":"x","scopes":["admin"]}"#)) { (response) async throws in
                #expect(response.status == .unsupportedMediaType)
                #expect(try response.errorBody().error.code == "unsupported_media_type")
            }
            try await client.execute(uri: "/v1/admin/api-keys", method: .post, headers: .bearer(admin, json: false), body: ByteBuffer(string: "{}")) { (response) async throws in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }

    @Test func oversizedBodyIs413() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let huge = #"{"name":""# + String(repeating: "a", count: 2 << 20) + #"","scopes":["admin"]}"#
            try await client.execute(uri: "/v1/admin/api-keys", method: .post, headers: .bearer(admin), body: ByteBuffer(string: huge)) { (response) async throws in
                #expect(response.status == .contentTooLarge)
                #expect(try response.errorBody().error.code == "payload_too_large")
            }
        }
    }

    @Test func wrongShapeIs422NamingTheField() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let cases: [(String, String, String)] = [
                (#"{"scopes":["admin"]}"#, "name", "required"),
                (#"{"name":"x","scopes":"admin"}"#, "scopes", "invalid_type"),
                (#"{"name":"x","scopes":["root"]}"#, "scopes", "unknown_scope"),
                (#"{"name":"","scopes":["admin"]}"#, "name", "invalid_length"),
                (#"[1,2]"#, "body", "invalid_type"),
            ]
            for (body, field, code) in cases {
                try await client.execute(uri: "/v1/admin/api-keys", method: .post, headers: .bearer(admin), body: ByteBuffer(string: body)) { (response) async throws in
                    #expect(response.status == .unprocessableContent, "\(body)")
                    let error = try response.errorBody().error
                    #expect(error.code == "validation_failed")
                    #expect(error.fields?.first?.field == field, "\(body)")
                    #expect(error.fields?.first?.code == code, "\(body)")
                }
            }
        }
    }

    @Test func adminKeysAreCreatedListedRevokedAndAudited() async throws {
        let app = try TestApp()
        let admin = try await app.apiKey([.admin])
        try await app.test { client in
            let created = try await client.execute(uri: "/v1/admin/api-keys", method: .post, headers: .bearer(admin), body: ByteBuffer(string: #"{"name":"web","scopes":["collect","decide"]}"#)) { (response) async throws in
                #expect(response.status == .created)
                return try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
            }
            let id = try #require(created["id"] as? String)
            let secret = try #require(created["key"] as? String)
            #expect(created["scopes"] as? [String] == ["collect", "decide"])
            try await client.execute(uri: "/v1/admin/api-keys", method: .get, headers: .bearer(admin)) { (response) async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains(id))
                #expect(!response.text.contains(secret))
            }
            try await client.execute(uri: "/v1/admin/api-keys/\(id)", method: .delete, headers: .bearer(admin)) { (response) async throws in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/v1/admin/api-keys/\(id)", method: .delete, headers: .bearer(admin)) { (response) async throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/admin/audit/verify", method: .get, headers: .bearer(admin)) { (response) async throws in
                let view = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(view?["intact"] as? Bool == true)
            }
            try await client.execute(uri: "/v1/admin/audit?limit=2", method: .get, headers: .bearer(admin)) { (response) async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("apikey.create"))
                #expect(response.text.contains(#""next":2"#))
            }
            try await client.execute(uri: "/v1/admin/audit?limit=5000", method: .get, headers: .bearer(admin)) { (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try response.errorBody().error.fields?.first?.field == "limit")
            }
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        try await TestApp().test { client in
            try await client.execute(uri: "/healthz", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { (response) async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(response.text.contains(#"http_route="/healthz""#))
                #expect(response.text.contains("http_server_request_duration"))
                #expect(response.text.contains("custodian_audit_entries"))
                #expect(response.text.contains("custodian_db_inflight"))
                #expect(response.text.contains("custodian_db_pool_connections_max"))
            }
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await TestApp().test { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { (response) async throws in
                #expect(response.status == .ok)
                #expect(response.text.hasPrefix("openapi: 3.1"))
                #expect(response.text.contains("/v1/admin/api-keys"))
            }
        }
    }
}

@Suite("Bearer tokens")
struct BearerTokenTests {
    @Test(arguments: [
        ("Bearer ck_abc", "ck_abc"), ("bearer ck_abc", "ck_abc"), ("BEARER  ck_abc ", "ck_abc"),
    ])
    func theSchemeIsCaseInsensitive(header: String, token: String) {
        #expect(APIKeyAuthenticator.bearerToken(header) == token)
    }

    @Test(arguments: ["Basic abc", "Bearer", "Bearer ", "Bearerx abc", "ck_abc", ""])
    func otherHeadersHaveNoBearerToken(header: String) {
        #expect(APIKeyAuthenticator.bearerToken(header) == nil)
    }
}
