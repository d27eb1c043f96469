import DanCuQuality
import Logging
import ServiceLifecycle

/// Measures again the people whose life events the register announced, while the server runs: a
/// batch while there are announcements, then a look every `idle`. Before the first full recompute
/// (`dancu quality report`) there is nothing to keep up to date, and it only looks.
struct QualityFollowing: NamedService {
    let quality: QualityScores
    let logger: Logger
    static let idle = Duration.seconds(1)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            await repeatWork("quality follower", idle: Self.idle, logger: logger) { try await quality.catchUp() }
        }
    }
}
