import DanCuWeb
public import Hummingbird
public import Logging
import ServiceLifecycle
import UnixSignals

/// The first to hear SIGTERM: readiness turns to 503 at once, the server keeps answering for the drain
/// period, and only then does the application stop taking connections and finish those in flight (a
/// service group stops its services in reverse order and waits for each).
struct Draining: NamedService {
    let readiness: Readiness
    let seconds: Int
    let logger: Logger

    func run() async throws {
        // Ends on graceful shutdown; a cancellation (a second signal, or a failed service) ends it at once.
        guard (try? await gracefulShutdown()) != nil else { return }
        readiness.startDraining()
        logger.notice("stopping: /health/ready answers 503; still serving", metadata: ["drainSeconds": "\(seconds)"])
        if seconds > 0 { try? await Task.sleep(for: .seconds(seconds)) }
        logger.notice("stopping: no new connections; finishing the requests in flight")
    }
}

/// Runs `app` until SIGTERM or SIGINT, then drains it: readiness off, the drain period, the requests in
/// flight finished, then the platform's services, then its stores.
public func serveUntilStopped(_ app: some ApplicationProtocol, _ platform: Platform, logger: Logger) async throws {
    let draining = Draining(readiness: platform.services.readiness, seconds: platform.configuration.drainSeconds, logger: logger)
    // Named here: the application's own description would be printed by reflection (`NamedService`).
    let group = ServiceGroup(
        configuration: .init(
            services: [.init(service: app, serviceName: "application"), .init(service: draining, serviceName: "draining")],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
    logger.notice("stopped")
}
