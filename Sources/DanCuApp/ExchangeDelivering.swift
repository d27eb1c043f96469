public import AsyncHTTPClient
public import DanCuExchange
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Follows the register for the exchange's subscriptions while the server runs: dispatches announced
/// life events to deliveries, and pushes due deliveries to members' endpoints. Back to back while there
/// is work, then every `idle`. Nothing is lost when it stops: deliveries and the dispatcher's position
/// are in the database, written with the events' own order.
struct ExchangeDelivering: Service {
    let gateway: ExchangeGateway
    let logger: Logger
    static let idle = Duration.milliseconds(200)

    func run() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(timeout: .init(connect: .seconds(5), read: .seconds(10))))
        let transport = HTTPClientTransport(client: client)
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let dispatched = try await gateway.dispatcher.run()
                    let attempted = try await gateway.deliverer.run(transport: transport)
                    if dispatched == 0 && attempted == 0 { try await Task.sleep(for: Self.idle) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("delivering life events failed, trying again shortly", metadata: ["error.type": "\(type(of: error))"])
                    try? await Task.sleep(for: .seconds(2))
                }
            }
        }
        try await client.shutdown()
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
