import DanCuExchange
import Logging
import ServiceLifecycle

/// Works through members' batch verifications while the server runs: chunk after chunk while there is
/// work, then a look every `idle`. Stopping loses nothing: each chunk's results and the job's progress
/// commit together, and the next start goes on from the first chunk without results.
struct BatchVerifying: NamedService {
    let gateway: ExchangeGateway
    let logger: Logger
    static let idle = Duration.milliseconds(500)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            await repeatWork("batch verification", idle: Self.idle, logger: logger) { try await gateway.workOnBatches() }
        }
    }
}
