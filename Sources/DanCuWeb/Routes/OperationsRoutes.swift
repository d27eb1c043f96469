import DanCuExchange
import DanCuStore
import Foundation
import HTTPTypes
import Hummingbird
import Prometheus

/// Metrics, the API's own description and the pages' stylesheet: open, touching no one's data, and serving bytes made
/// elsewhere, which is why they are routes and not generated operations (health is: `HealthController`).
enum OperationsRoutes {
    static func add(to router: Router<AppContext>, _ services: Services, openAPI: Data, stylesheet: Data, transparencyScript: Data) {
        router.get("/metrics") { _, _ in
            services.metrics.setPoolSize(services.health.poolSize())
            if let backlog = try? await services.exchange?.deliverer.backlog() {
                services.metrics.setDeliveryBacklog(pending: backlog.pending, dead: backlog.dead)
            }
            if let batches = try? await services.exchange?.batchBacklog() {
                services.metrics.setBatchBacklog(lines: batches.lines, batches: batches.batches)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: services.metrics.registry.emitToBuffer())))
        }
        router.get("/assets/dancu.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: stylesheet)))
        }
        router.get("/assets/transparency.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: transparencyScript)))
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
    }
}
