import DanCuTransparency
import Logging
import ServiceLifecycle

/// Signs a new checkpoint of the transparency log every second while entries arrive (C2SP
/// tlog-checkpoint), and a last one on shutdown. A log whose stored tiles no longer give the root its
/// right edge gives, or that is not consistent with the last checkpoint, is not signed: that is logged
/// as a critical error every time it is tried.
struct CheckpointPublishing: NamedService {
    let log: PublicLog
    let logger: Logger
    static let interval = Duration.seconds(1)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            // A second from the start of one checkpoint to the next, not from its end: a log that takes a
            // while to integrate still gets one every second.
            let clock = ContinuousClock()
            var next = clock.now
            while !Task.isCancelled {
                await publish()
                next = max(next.advanced(by: Self.interval), clock.now)
                try await Task.sleep(until: next, clock: clock)
            }
        }
        await publish()
    }

    private func publish() async {
        do {
            try await log.checkpoints.publish()
        } catch is CancellationError {
            // Shutting down: the last checkpoint is signed after the loop, outside the cancelled scope.
        } catch let error as TransparencyError {
            logger.critical("the transparency log was not signed", metadata: ["error": "\(error)"])
        } catch {
            logger.error("signing a checkpoint failed, trying again shortly", metadata: ["error.type": "\(type(of: error))"])
        }
    }
}
