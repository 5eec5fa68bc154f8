import Hummingbird

/// Static assets of the pages: the stylesheet.
struct AssetsController {
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("assets/custodian.css", use: stylesheet)
    }

    /// Pages link the stylesheet with its digest in the query, so it may be kept for a year.
    static let headers: HTTPFields = [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=31536000, immutable"]

    @Sendable func stylesheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .ok, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
    }
}
