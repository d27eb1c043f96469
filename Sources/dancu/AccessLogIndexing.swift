import DanCuAccess
import Logging
import ServiceLifecycle

/// Keeps the access log's subject index up to date while the server runs: full batches back to back
/// while it is behind, then a batch a second. Queries find unindexed entries too, so a pause only
/// slows them.
struct AccessLogIndexing: Service {
    let gate: Gate
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // Caught up: wait for a second's entries, so each batch (one transaction of random index
                    // pages) carries many, rather than a transaction for every few reads.
                    if try await gate.indexAccessLog() < Gate.accessLogIndexBatch { try await Task.sleep(for: .seconds(1)) }
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
