import DanCuServices
import Logging
import ServiceLifecycle

/// Deletes the boxes of attachments that no application names (`ServiceDesk.sweepAttachments`): a batch
/// after another while there are boxes to look at, then a look every ten minutes.
struct AttachmentSweeping: NamedService {
    let desk: ServiceDesk
    let logger: Logger
    static let idle = Duration.seconds(600)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            await repeatWork("attachment sweep", idle: Self.idle, logger: logger) {
                let (examined, deleted) = try await desk.sweepAttachments()
                if deleted > 0 { logger.notice("deleted attachments no application names", metadata: ["boxes": "\(deleted)"]) }
                return examined
            }
        }
    }
}
