import DanCuWeb
import Logging
import ServiceLifecycle

/// Asks the database every second whether it answers and logs each change, once: when it stops
/// answering (down, or failing over) and when it answers again, with how long it was away. Requests
/// meanwhile wait for a connection up to the pool's limit, then answer 503 with Retry-After.
struct DatabaseWatch: NamedService {
    let health: DatabaseHealth
    let logger: Logger
    let clock = ContinuousClock()

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var lostAt: ContinuousClock.Instant?
            while !Task.isCancelled {
                let answers = await health.answers()
                if !answers, lostAt == nil {
                    lostAt = clock.now
                    logger.error("database unreachable: requests wait for it, then answer 503 (Retry-After)")
                } else if answers, let since = lostAt {
                    lostAt = nil
                    let away = since.duration(to: clock.now)
                    logger.notice(
                        "database reachable again",
                        metadata: ["unreachableSeconds": "\(Double(away.components.seconds) + Double(away.components.attoseconds) / 1e18)"])
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
