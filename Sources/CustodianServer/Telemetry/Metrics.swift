import Metrics
import Prometheus
import Synchronization

/// The process's Prometheus registry, behind the swift-metrics API.
///
/// swift-metrics can be bootstrapped once per process, so every application built in the
/// process (tests build many) shares this registry.
public enum PrometheusExport {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    /// Routes swift-metrics (used by Hummingbird and the store) into ``registry``; idempotent.
    public static func bootstrap() {
        bootstrapped.withLock { done in
            guard !done else { return }
            var factory = PrometheusMetricsFactory(registry: registry)
            factory.defaultDurationHistogramBuckets = [
                .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
            ]
            MetricsSystem.bootstrap(factory)
            done = true
        }
    }
}
