import Postgres
import Prometheus

/// The service's own metrics, in Prometheus text format at /metrics. Request counts and
/// latencies come from Hummingbird's MetricsMiddleware once `serve` bootstraps
/// swift-metrics with this registry.
public final class APIMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let entriesPosted: Counter
    let poolOpen: Gauge
    let poolInUse: Gauge
    let poolWaiting: Gauge

    public init() {
        entriesPosted = registry.makeCounter(name: "coopledger_entries_posted_total", help: "Entries written (not replays)")
        poolOpen = registry.makeGauge(name: "coopledger_pool_connections_open", help: "Database connections open")
        poolInUse = registry.makeGauge(name: "coopledger_pool_connections_in_use", help: "Database connections handed out")
        poolWaiting = registry.makeGauge(name: "coopledger_pool_waiting", help: "Requests waiting for a connection")
    }

    /// The registry's text, with the pool's figures read now.
    func render(pool: ConnectionPool) -> String {
        let statistics = pool.statistics
        poolOpen.record(Int64(statistics.open))
        poolInUse.record(Int64(statistics.inUse))
        poolWaiting.record(Int64(statistics.waiting))
        return registry.emitToString()
    }
}
