import DanCuStore
import Foundation
import HTTPTypes
import Hummingbird

/// Health, metrics and the API's own description: open, and touching no one's data.
enum OperationsRoutes {
    static func add(to router: Router<AppContext>, _ services: Services, openAPI: Data) {
        router.get("/health/live") { _, _ in
            Handling.json(#"{"status":"live"}"#)
        }
        router.get("/health/ready") { _, _ in
            do {
                try await services.health.ping()
                return Handling.json(#"{"status":"ready","database":"reachable"}"#)
            } catch {
                return Problem(.serviceUnavailable, "not-ready", "Not ready", detail: "the database is not reachable")
                    .response()
            }
        }
        router.get("/metrics") { _, _ in
            services.metrics.setPoolSize(services.health.poolSize())
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: services.metrics.registry.emitToBuffer())))
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
    }
}
