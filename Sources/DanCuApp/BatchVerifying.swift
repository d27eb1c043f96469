import DanCuExchange
import Logging
import ServiceLifecycle

/// Works through members' batch verifications while the server runs: chunk after chunk while there is
/// work, then a look every `idle`. Stopping loses nothing: each chunk's results and the job's progress
/// commit together, and the next start goes on from the first chunk without results.
struct BatchVerifying: Service {
    let gateway: ExchangeGateway
    let logger: Logger
    static let idle = Duration.milliseconds(500)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if try await gateway.workOnBatches() == 0 { try await Task.sleep(for: Self.idle) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("batch verification failed, trying again shortly", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(2))
                }
            }
        }
    }
}
