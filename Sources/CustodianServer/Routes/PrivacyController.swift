import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// The published policy: the page people read, its machine form, every earlier version with what
/// changed, and the Global Privacy Control declaration. All public, no authentication.
struct PrivacyController {
    let published: PublishedPolicy
    let versions: PolicyVersions

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/privacy", use: page)
        router.get("/privacy.json", use: machine)
        router.get("/privacy/versions", use: listVersions)
        router.get("/privacy/versions/{version}", use: versionPage)
        router.get("/.well-known/gpc.json", use: gpc)
    }

    /// Public, non-personal documents may be cached briefly.
    static let cacheable: HTTPFields = [.cacheControl: "public, max-age=300"]

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        PageLayout.response(published.page, headers: Self.cacheable)
    }

    @Sendable func machine(_ request: Request, context: AppRequestContext) async throws -> Response {
        var headers = Self.cacheable
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: published.json)))
    }

    struct VersionView: Encodable {
        var version: String
        var seq: Int64
        var effectiveAt: Date
        var effectiveDate: String
        var current: Bool
        var url: String
    }

    struct VersionList: Encodable {
        var current: String
        var items: [VersionView]
    }

    @Sendable func listVersions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let all = try await versions.list()
        if PageLayout.prefersHTML(request) {
            return PageLayout.response(PolicyPages.versionsPage(all, current: published.version))
        }
        let items = all.reversed().map {
            VersionView(
                version: $0.version, seq: $0.seq, effectiveAt: Date(timeIntervalSince1970: Double($0.effectiveAt) / 1000),
                effectiveDate: PageLayout.day($0.effectiveAt), current: $0.version == published.version,
                url: "/privacy/versions/\($0.version)")
        }
        return try .json(VersionList(current: published.version, items: items))
    }

    @Sendable func versionPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("version")
        guard id.count == 64, id.allSatisfy(\.isHexDigit), let version = try await versions.find(id.lowercased()) else {
            throw AppError.notFound("There is no policy version with this id.")
        }
        let policy = try version.policy()
        let previous = try await versions.previous(to: version)
        let changes = try previous.map { PolicyDiff.between(try $0.policy(), policy) }
        let html = PolicyPages.policyPage(
            policy, version: version.version, effectiveAt: version.effectiveAt, changes: changes,
            isCurrent: version.version == published.version, previousVersion: previous?.version)
        return PageLayout.response(html, headers: Self.cacheable)
    }

    struct GPCSupport: Encodable {
        var gpc: Bool
        var lastUpdate: String
    }

    @Sendable func gpc(_ request: Request, context: AppRequestContext) async throws -> Response {
        let recorded = try await versions.find(published.version)
        let day = PageLayout.day(recorded?.effectiveAt ?? Int64(Date().timeIntervalSince1970 * 1000))
        return try .json(GPCSupport(gpc: true, lastUpdate: day), headers: Self.cacheable)
    }
}
