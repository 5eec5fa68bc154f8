import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

@Suite("Web SDK file")
struct WebSDKServingTests {
    @Test func theScriptIsServedForAnyOriginWithALongCacheAndAnETag() async throws {
        let script = try WebSDKScript.load()
        try await TestApp().test { client in
            try await client.execute(uri: "/sdk/v1/custodian.js", method: .get) { (response) async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=86400, stale-while-revalidate=604800")
                #expect(response.headers[.eTag] == script.etag)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.crossOriginResourcePolicy] == "cross-origin")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.text.contains("w.custodian = {"))
                #expect(response.body.readableBytes == script.body.readableBytes)
            }
        }
    }

    @Test func aCurrentCopyIsAnsweredWith304() async throws {
        let etag = try WebSDKScript.load().etag
        try await TestApp().test { client in
            for tag in [etag, "W/\(etag)", "\"other\", \(etag)", "*"] {
                try await client.execute(uri: "/sdk/v1/custodian.js", method: .get, headers: [.ifNoneMatch: tag]) { (response) async throws in
                    #expect(response.status == .notModified)
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.eTag] == etag)
                    #expect(response.headers[.cacheControl]?.hasPrefix("public") == true)
                }
            }
            try await client.execute(uri: "/sdk/v1/custodian.js", method: .get, headers: [.ifNoneMatch: "\"stale\""]) { (response) async throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theETagFollowsTheContent() {
        #expect(WebSDKScript(bytes: Array("a".utf8)).etag != WebSDKScript(bytes: Array("b".utf8)).etag)
        #expect(WebSDKScript(bytes: Array("a".utf8)).etag == WebSDKScript(bytes: Array("a".utf8)).etag)
        #expect(WebSDKScript(bytes: Array("a".utf8)).etag.hasPrefix("\""))
    }

    /// The SDK stays small: every site that includes it pays for its bytes.
    @Test func theScriptStaysSmall() throws {
        #expect(try WebSDKScript.load().body.readableBytes < 6 * 1024)
    }
}
