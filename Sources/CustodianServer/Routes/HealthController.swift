import CustodianStore
import Foundation
import Hummingbird
import Metrics
import Prometheus

/// Liveness, readiness, Prometheus metrics and the API description.
struct HealthController {
    let database: any SQLDatabase
    let audit: any AuditRepository
    let openAPI: ByteBuffer
    private let auditEntries = Gauge(label: "custodian_audit_entries")
    private let databaseUp = Gauge(label: "custodian_database_up")

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz", use: healthz)
        router.get("/readyz", use: readyz)
        router.get("/metrics", use: metrics)
        router.get("/openapi.yaml", use: openapi)
    }

    struct Status: Codable {
        var status: String
    }

    @Sendable func healthz(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(Status(status: "ok"))
    }

    @Sendable func readyz(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await database.ping()
            databaseUp.record(1)
            return try .json(Status(status: "ready"))
        } catch {
            databaseUp.record(0)
            throw AppError(.serviceUnavailable, code: "not_ready", message: "The database does not answer.", headers: [.retryAfter: "1"])
        }
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let head = try? await audit.head() { auditEntries.record(head.seq) }
        let bytes = PrometheusExport.registry.emitToBuffer()
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    @Sendable func openapi(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: openAPI)
        )
    }
}
