import DanCuWeb
public import Hummingbird
public import Logging
public import ServiceLifecycle

/// The HTTP application over a platform: the router with every route, the server on the configured
/// address, and the platform's services in the same service group, so a signal drains the server
/// first, then the services, then closes the stores. `background: false` leaves the services out: the
/// route tests do, so that every statement they see is their request's own.
/// `services` run beside the platform's own (`dancu serve` adds the whole audit of the log).
public func buildApplication(
    _ platform: Platform, logger: Logger, background: Bool = true, services: [any Service] = []
) throws -> some ApplicationProtocol {
    let configuration = platform.configuration
    return Application(
        router: try WebApplication.router(platform.services),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "DanCu"),
        services: (background ? platform.lifecycleServices(logger: logger) : []) + services, logger: logger)
}

/// Hummingbird's own template shape: opens the platform the configuration names and builds the
/// application over it.
public func buildApplication(_ configuration: AppConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    try buildApplication(try await Platform.open(configuration), logger: logger)
}
