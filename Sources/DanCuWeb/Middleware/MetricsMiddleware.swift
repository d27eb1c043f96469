import HTTPTypes
import Hummingbird
import Prometheus

/// Counts requests and records their latency per route, method and status, for `/metrics`.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let metrics: WebMetrics

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        metrics.record(route: route, method: request.method.rawValue, status: Int(response.status.code),
                       duration: ContinuousClock.now - start)
        return response
    }
}

/// The server's Prometheus registry and the instruments it feeds. One per server; nothing global.
public final class WebMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
                                      .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5)]
    static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "dancu", metricName: "http_requests", unitName: "total",
                                               helpText: "HTTP requests answered, by route, method and status") }
    static var latency: MetricNameDescriptor { MetricNameDescriptor(namespace: "dancu", metricName: "http_request_duration", unitName: "seconds",
                                              helpText: "Time to answer an HTTP request, by route and method") }
    static var storeOps: MetricNameDescriptor { MetricNameDescriptor(namespace: "dancu", metricName: "db_operations", unitName: "total",
                                               helpText: "Database transactions and single reads, by kind and outcome") }
    static var storeLatency: MetricNameDescriptor { MetricNameDescriptor(namespace: "dancu", metricName: "db_operation_duration", unitName: "seconds",
                                                   helpText: "Time a database operation took, waiting for a connection included") }
    static var inFlight: MetricNameDescriptor { MetricNameDescriptor(namespace: "dancu", metricName: "db_operations_in_flight", unitName: "count",
                                               helpText: "Database operations running or waiting for a connection") }
    static var poolSize: MetricNameDescriptor { MetricNameDescriptor(namespace: "dancu", metricName: "db_pool_connections", unitName: "max",
                                               helpText: "Connections the database pool may open") }

    public init() {}

    func record(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))])
            .increment()
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("route", route), ("method", method)], buckets: Self.buckets)
            .record(duration)
    }

    func recordStore(kind: String, ok: Bool, duration: Duration) {
        registry.makeCounter(descriptor: Self.storeOps, labels: [("kind", kind), ("outcome", ok ? "ok" : "error")]).increment()
        registry.makeDurationHistogram(descriptor: Self.storeLatency, labels: [("kind", kind)], buckets: Self.buckets).record(duration)
    }

    func storeInFlight() -> Gauge { registry.makeGauge(descriptor: Self.inFlight) }

    func setPoolSize(_ size: Int) { registry.makeGauge(descriptor: Self.poolSize).set(Double(size)) }
}
