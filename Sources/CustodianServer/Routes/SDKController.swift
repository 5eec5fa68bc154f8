import CustodianCore
import Foundation
import HTTPTypes
import Hummingbird

/// The web collection SDK, `GET /sdk/v1/custodian.js`, for websites to include from any origin.
struct SDKController {
    let script: WebSDKScript

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("sdk/v1/custodian.js", use: webSDK)
    }

    /// Answers with the script, or 304 when the browser's copy (`If-None-Match`) is current.
    ///
    /// The path carries the major version only, so fixes reach sites without them editing their
    /// pages: a day's cache, then a revalidation that costs a 304.
    @Sendable func webSDK(_ request: Request, context: AppRequestContext) async throws -> Response {
        var headers: HTTPFields = [
            .contentType: "text/javascript; charset=utf-8",
            .cacheControl: "public, max-age=86400, stale-while-revalidate=604800",
            .eTag: script.etag,
            // Any site may load it, including pages that isolate themselves (COEP) or use SRI.
            .accessControlAllowOrigin: "*",
            .crossOriginResourcePolicy: "cross-origin",
        ]
        if let tags = request.headers[.ifNoneMatch], WebSDKScript.matches(tags, etag: script.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(script.body.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: script.body))
    }
}

/// The SDK's text and entity tag, read once at start-up from the server's resources.
struct WebSDKScript: Sendable {
    let body: ByteBuffer
    let etag: String

    init(bytes: [UInt8]) {
        body = ByteBuffer(bytes: bytes)
        etag = "\"\(Hex.encode(Array(Identifiers.secretDigest(String(decoding: bytes, as: UTF8.self)).prefix(12))))\""
    }

    /// A missing file refuses start-up rather than failing requests.
    static func load() throws -> WebSDKScript {
        guard let url = Bundle.module.url(forResource: "custodian", withExtension: "js"),
              let data = try? Data(contentsOf: url)
        else {
            throw ConfigurationError.invalid("the web SDK (custodian.js) is missing from the installation")
        }
        return WebSDKScript(bytes: Array(data))
    }

    /// Whether an `If-None-Match` value names `etag` (or is `*`); weak tags compare by value.
    static func matches(_ header: String, etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/\(etag)"
        }
    }
}
