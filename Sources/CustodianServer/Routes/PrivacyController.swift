import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// The published policy: the page people read, its machine form, every earlier version with what
/// changed, and the Global Privacy Control declaration. All public, no authentication.
struct PrivacyController {
    let published: PublishedPolicy
    let versions: PolicyVersions
    /// For the navigation of a signed-in reader (their account and a sign-out form).
    let pages: PageResponder
    /// The comments under the policy; without them the page is the static one.
    var comments: PolicyWithComments? = nil

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/privacy", use: page)
        router.get("/privacy.json", use: machine)
        router.get("/privacy/versions", use: listVersions)
        router.get("/privacy/versions/{version}", use: versionPage)
        router.get("/.well-known/gpc.json", use: gpc)
    }

    /// Public, non-personal documents may be cached briefly. Pages vary with the session cookie:
    /// a signed-in reader's page carries their sign-out form and is never stored.
    static let cacheable: HTTPFields = [.cacheControl: "public, max-age=300", .vary: "Cookie"]

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let comments { return try await comments.response(request, context: context) }
        guard context.session != nil else { return PageLayout.response(published.page, headers: Self.cacheable) }
        let frame = pages.frame(request, context: context)
        let html = PolicyPages.policyPage(
            published.policy, version: published.version, effectiveAt: nil, changes: nil, isCurrent: true, navigation: frame.navigation)
        return pages.html(html, frame: frame)
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
            let frame = pages.frame(request, context: context)
            return pages.html(PolicyPages.versionsPage(all, current: published.version, navigation: frame.navigation), frame: frame)
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
        guard context.session != nil else {
            let html = PolicyPages.policyPage(
                policy, version: version.version, effectiveAt: version.effectiveAt, changes: changes,
                isCurrent: version.version == published.version, previousVersion: previous?.version)
            return PageLayout.response(html, headers: Self.cacheable)
        }
        let frame = pages.frame(request, context: context)
        let html = PolicyPages.policyPage(
            policy, version: version.version, effectiveAt: version.effectiveAt, changes: changes,
            isCurrent: version.version == published.version, previousVersion: previous?.version, navigation: frame.navigation)
        return pages.html(html, frame: frame)
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
