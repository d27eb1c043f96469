import DanCuAccess
import DanCuStore
import Logging
import ServiceLifecycle

/// Closes the platform's stores once everything started after it has stopped (a service group stops
/// its services in reverse order), so no request or relay is cut off mid-transaction.
struct StoreClosing: NamedService {
    let stores: [any Store]

    func run() async throws {
        // Ends on graceful shutdown, or throws on cancellation; the stores close either way.
        try? await gracefulShutdown()
        for store in stores { await store.close() }
    }
}

/// Keeps the register's access-log outbox short while the server runs. Each write copies its entries
/// into the log before it answers; this deletes what they copied, every few milliseconds, in one
/// transaction of the register's writer for many writes (and copies anything a failure held back). On
/// shutdown it moves the rest.
struct AccessLogRelaying: NamedService {
    let gate: Gate
    let logger: Logger
    /// How long the loop rests after a sweep that deleted something (the outbox holds about this much
    /// of the writes), and after one that found nothing.
    static let pause = Duration.milliseconds(10)
    static let idle = Duration.milliseconds(200)
    /// After a failure (the log's database unreachable), before the next try.
    static let retry = Duration.seconds(1)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let swept = try await gate.sweepAccessLogOutbox()
                    try await Task.sleep(for: swept > 0 ? Self.pause : Self.idle)
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("relaying the access log's outbox failed, trying again shortly", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: Self.retry)
                }
            }
        }
        do {
            let moved = try await gate.relayAccessLog()
            if moved > 0 { logger.info("relayed the access-log outbox's last entries", metadata: ["entries": "\(moved)"]) }
        } catch {
            logger.error("relaying the access log's outbox at shutdown failed; the next start relays it", metadata: ["error": "\(error)"])
        }
    }
}

/// Keeps the access log's subject index up to date while the server runs: full batches back to back
/// while it is behind, then a batch a second. Queries find unindexed entries too, so a pause only
/// slows them.
struct AccessLogIndexing: NamedService {
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

/// Relays what this server spooled while the access log's database had no primary (`AccessLogSpool`):
/// a try a second while anything waits, and a last one on shutdown. Says when spooling began and when
/// the log took the entries back.
struct AccessLogSpoolRelaying: NamedService {
    let gate: Gate
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var said = false
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                said = await relay(said: said)
            }
        }
        await Self.drain(gate, logger: logger)
    }

    /// The last relay before the stores close, once nothing appends any more (`Gate.drainSpool`).
    static func drain(_ gate: Gate, logger: Logger) async {
        do {
            let (relayed, left) = try await gate.drainSpool()
            if relayed > 0 { logger.notice("relayed spooled access-log entries into the log", metadata: ["entries": "\(relayed)"]) }
            if left > 0 {
                logger.warning(
                    "access-log entries still wait in this data directory's spool; the next start with it and this database relays them",
                    metadata: ["entries": "\(left)"])
            }
        } catch {
            logger.error("reading the access-log spool failed; its entries wait for the next start", metadata: ["error": "\(error)"])
        }
    }

    /// `said`: whether the spooling under way was announced already; returns it for the next round.
    private func relay(said: Bool) async -> Bool {
        guard let spool = gate.spool else { return false }
        let waiting: Int
        do {
            waiting = try await spool.waiting()
        } catch {
            logger.error("reading the access-log spool failed, trying again shortly", metadata: ["error": "\(error)"])
            return said
        }
        guard spool.isSpooling || waiting > 0 else { return false }
        if spool.isSpooling, !said {
            logger.warning("the access log's database has no primary: read entries are spooled on this server until it has one")
        }
        // A failure here is the log's database still without a primary: the next round tries again.
        if let (relayed, present) = try? await gate.relaySpool(), relayed + present > 0 {
            logger.notice("relayed spooled access-log entries into the log", metadata: ["entries": "\(relayed)", "found already there": "\(present)"])
        }
        return spool.isSpooling
    }
}
