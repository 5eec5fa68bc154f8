import Foundation
import Metrics

/// Pool metrics of a database: operations in flight and their duration, by kind.
///
/// Reported through swift-metrics (Prometheus at `/metrics` when the server bootstraps it):
/// `custodian_db_inflight{engine,kind}`, `custodian_db_operation_duration{engine,kind,outcome}`
/// and `custodian_db_pool_connections_max{engine}`.
struct DatabaseMetrics: Sendable {
    private let inflightReads: Meter
    private let inflightWrites: Meter
    private let engine: String

    init(engine: String, maxConnections: Int) {
        self.engine = engine
        inflightReads = Meter(label: "custodian_db_inflight", dimensions: [("engine", engine), ("kind", "read")])
        inflightWrites = Meter(label: "custodian_db_inflight", dimensions: [("engine", engine), ("kind", "write")])
        Gauge(label: "custodian_db_pool_connections_max", dimensions: [("engine", engine)]).record(maxConnections)
    }

    /// Runs `body`, counting it in flight and timing it.
    func measure<T>(write: Bool, _ body: () async throws -> T) async throws -> T {
        let meter = write ? inflightWrites : inflightReads
        meter.increment()
        let start = ContinuousClock.now
        var outcome = "ok"
        defer {
            meter.decrement()
            let elapsed = ContinuousClock.now - start
            Timer(label: "custodian_db_operation_duration", dimensions: [("engine", engine), ("kind", write ? "write" : "read"), ("outcome", outcome)])
                .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        }
        do {
            return try await body()
        } catch {
            outcome = "error"
            throw error
        }
    }
}
