import DanCuAccess
import DanCuStore
import Logging
import ServiceLifecycle

/// Closes the platform's stores once everything started after it has stopped (a service group stops
/// its services in reverse order), so no request or relay is cut off mid-transaction.
struct StoreClosing: Service {
    let stores: [any Store]

    func run() async throws {
        // Ends on graceful shutdown, or throws on cancellation; the stores close either way.
        try? await gracefulShutdown()
        for store in stores { await store.close() }
    }
}

/// Moves access-log entries a failed relay left in the register's outbox (the gate relays after every
/// write; this catches what a failure of the log's store held back), and on shutdown moves the rest.
struct AccessLogRelaying: Service {
    let gate: Gate
    let logger: Logger
    static let interval = Duration.seconds(5)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: Self.interval)
                await relay()
            }
        }
        await relay()
    }

    private func relay() async {
        do {
            let moved = try await gate.relayAccessLog()
            if moved > 0 { logger.notice("relayed access-log entries left in the outbox", metadata: ["entries": "\(moved)"]) }
        } catch {
            logger.error("relaying the access log's outbox failed, trying again shortly", metadata: ["error": "\(error)"])
        }
    }
}

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
