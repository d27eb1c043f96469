public import AsyncHTTPClient
public import DanCuExchange
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import ServiceLifecycle

/// Follows the register for the exchange's subscriptions while the server runs: dispatches announced
/// life events to deliveries, and pushes due deliveries to members' endpoints, each in a loop of its own
/// (a slow endpoint never holds up the dispatch), back to back while there is work, then every `idle`.
/// Nothing is lost when it stops: deliveries and the dispatcher's position are in the database,
/// written with the events' own order.
public struct ExchangeDelivering: NamedService {
    let gateway: ExchangeGateway
    let logger: Logger
    static let idle = Duration.milliseconds(50)

    public init(gateway: ExchangeGateway, logger: Logger) {
        self.gateway = gateway
        self.logger = logger
    }

    public func run() async throws {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(10)))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = WebhookDeliverer.concurrency
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        try? await cancelWhenGracefulShutdown { try await run(transport: HTTPClientTransport(client: client)) }
        try await client.shutdown()
    }

    /// The two loops over `transport`, until cancelled.
    public func run(transport: any WebhookTransport) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await repeatWork("dispatching life events", idle: Self.idle, logger: logger) { try await gateway.dispatcher.run() } }
            group.addTask {
                await repeatWork("delivering life events", idle: Self.idle, logger: logger) { try await gateway.deliverer.run(transport: transport) }
            }
        }
    }
}

/// Deliveries over HTTP with AsyncHTTPClient: the status the member's endpoint answered.
public struct HTTPClientTransport: WebhookTransport {
    let client: HTTPClient

    public init(client: HTTPClient) { self.client = client }

    public func post(_ url: String, headers: [(name: String, value: String)], body: [UInt8]) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        // The answer's content is not read beyond a little: a member's receiver says yes or no with its status.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }
}
