import DanCuAccess
import Logging
import ServiceLifecycle

/// Keeps the access log's subject index up to date while the server runs: a batch whenever entries
/// wait, else a look every second. Queries find unindexed entries too, so a pause only slows them.
struct AccessLogIndexing: Service {
    let gate: Gate
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if try await gate.indexAccessLog() == 0 { try await Task.sleep(for: .seconds(1)) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("indexing the access log failed, trying again shortly", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: .seconds(5))
                }
            }
        }
    }
}
