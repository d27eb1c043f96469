import HTTPTypes
import Hummingbird
import Logging
public import Prometheus

/// Counts requests and records their latency per route, method and status, for `/metrics`, and logs
/// each one at debug level. The log names the route's template (`/v1/persons/{number}`), never the
/// path, which may hold a personal number.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let metrics: WebMetrics

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        let elapsed = ContinuousClock.now - start
        metrics.record(route: route, method: request.method.rawValue, status: Int(response.status.code), duration: elapsed)
        context.logger.debug(
            "request",
            metadata: [
                "http.route": .string(route), "http.method": .string(request.method.rawValue),
                "http.status": .stringConvertible(response.status.code),
                "duration.us": .stringConvertible(elapsed.components.attoseconds / 1_000_000_000_000 + elapsed.components.seconds * 1_000_000),
            ])
        return response
    }
}

/// The server's Prometheus registry and the instruments it feeds. One per server; nothing global.
public final class WebMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
    ]
    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "http_requests", unitName: "total",
            helpText: "HTTP requests answered, by route, method and status")
    }
    static var latency: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "http_request_duration", unitName: "seconds",
            helpText: "Time to answer an HTTP request, by route and method")
    }
    static var storeOps: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "db_operations", unitName: "total",
            helpText: "Database transactions and single reads, by kind and outcome")
    }
    static var storeLatency: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "db_operation_duration", unitName: "seconds",
            helpText: "Time a database operation took, waiting for a connection included")
    }
    static var inFlight: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "db_operations_in_flight", unitName: "count",
            helpText: "Database operations running or waiting for a connection")
    }
    static var poolSize: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "db_pool_connections", unitName: "max",
            helpText: "Connections the database pool may open")
    }

    static var exchangeRequests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "exchange_requests", unitName: "total",
            helpText: "Member systems' messages to the exchange gateway, by member subsystem, service and status")
    }
    static var exchangeLatency: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "exchange_request_duration", unitName: "seconds",
            helpText: "Time to answer a member system, signatures included, by member subsystem and service")
    }
    static var deliveryBacklog: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "exchange_deliveries_waiting", unitName: "count",
            helpText: "Life-event deliveries not yet made: pending (retrying) or dead-lettered")
    }

    static var batchBacklog: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "dancu", metricName: "exchange_batch_lines_waiting", unitName: "count",
            helpText: "Lines of members' batch verifications taken in and not yet worked, and the batches they are in")
    }

    struct RequestKey: Hashable, Sendable { let route: String, method: String, status: Int }
    struct ExchangeKey: Hashable, Sendable { let member: String, service: String, status: Int }
    struct ExchangeRouteKey: Hashable, Sendable { let member: String, service: String }
    struct RouteKey: Hashable, Sendable { let route: String, method: String }
    struct StoreKey: Hashable, Sendable { let kind: String, ok: Bool }

    private let requestCounters: Instruments<RequestKey, Counter>
    private let requestLatency: Instruments<RouteKey, DurationHistogram>
    private let storeCounters: Instruments<StoreKey, Counter>
    private let storeLatencies: Instruments<String, DurationHistogram>
    let storeInFlight: Gauge
    private let exchangeCounters: Instruments<ExchangeKey, Counter>
    private let exchangeLatencies: Instruments<ExchangeRouteKey, DurationHistogram>

    public init() {
        let registry = self.registry
        requestCounters = Instruments { key in
            registry.makeCounter(descriptor: Self.requests, labels: [("route", key.route), ("method", key.method), ("status", String(key.status))])
        }
        requestLatency = Instruments { key in
            registry.makeDurationHistogram(descriptor: Self.latency, labels: [("route", key.route), ("method", key.method)], buckets: Self.buckets)
        }
        storeCounters = Instruments { key in
            registry.makeCounter(descriptor: Self.storeOps, labels: [("kind", key.kind), ("outcome", key.ok ? "ok" : "error")])
        }
        storeLatencies = Instruments { kind in
            registry.makeDurationHistogram(descriptor: Self.storeLatency, labels: [("kind", kind)], buckets: Self.buckets)
        }
        storeInFlight = registry.makeGauge(descriptor: Self.inFlight)
        exchangeCounters = Instruments { key in
            registry.makeCounter(
                descriptor: Self.exchangeRequests, labels: [("member", key.member), ("service", key.service), ("status", String(key.status))])
        }
        exchangeLatencies = Instruments { key in
            registry.makeDurationHistogram(
                descriptor: Self.exchangeLatency, labels: [("member", key.member), ("service", key.service)], buckets: Self.buckets)
        }
    }

    func recordExchange(member: String, service: String, status: Int, duration: Duration) {
        exchangeCounters(ExchangeKey(member: member, service: service, status: status)).increment()
        exchangeLatencies(ExchangeRouteKey(member: member, service: service)).record(duration)
    }

    func setDeliveryBacklog(pending: Int, dead: Int) {
        registry.makeGauge(descriptor: Self.deliveryBacklog, labels: [("state", "pending")]).set(Double(pending))
        registry.makeGauge(descriptor: Self.deliveryBacklog, labels: [("state", "dead")]).set(Double(dead))
    }

    func setBatchBacklog(lines: Int64, batches: Int) {
        registry.makeGauge(descriptor: Self.batchBacklog, labels: [("what", "lines")]).set(Double(lines))
        registry.makeGauge(descriptor: Self.batchBacklog, labels: [("what", "batches")]).set(Double(batches))
    }

    func record(route: String, method: String, status: Int, duration: Duration) {
        requestCounters(RequestKey(route: route, method: method, status: status)).increment()
        requestLatency(RouteKey(route: route, method: method)).record(duration)
    }

    func recordStore(kind: String, ok: Bool, duration: Duration) {
        storeCounters(StoreKey(kind: kind, ok: ok)).increment()
        storeLatencies(kind).record(duration)
    }

    func setPoolSize(_ size: Int) { registry.makeGauge(descriptor: Self.poolSize).set(Double(size)) }
}
