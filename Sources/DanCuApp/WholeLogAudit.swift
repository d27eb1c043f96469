public import Logging
public import ServiceLifecycle

/// The whole audit of the transparency log, run once beside the server right after it started. The
/// start itself waited only for an audit of what came after the last clean one (`LogAudit.Scope`),
/// which takes as long at a hundred million entries as at a thousand; this one goes back to the first
/// entry, and a log it finds edited stops the server (`TamperedLog`), as the check before serving does.
public struct WholeLogAudit: NamedService {
    let audit: LogAudit
    let logger: Logger

    public init(audit: LogAudit, logger: Logger) {
        self.audit = audit
        self.logger = logger
    }

    public func run() async throws {
        let report: LogAudit.Report
        do {
            // Shutdown cancels it: at a hundred million entries it takes minutes.
            report = try await cancelWhenGracefulShutdown { try await audit.run(.whole) }
        } catch is CancellationError {
            return
        }
        guard report.isClean else { throw TamperedLog(report: report) }
        logger.info("the transparency log was audited whole", metadata: ["entries": "\(report.size)"])
        // A service that returned would end the group: this one has nothing more to do until shutdown.
        try? await gracefulShutdown()
    }
}

/// A transparency log that does not match its last signed checkpoint or the rows it stands for.
public struct TamperedLog: Error {
    public let report: LogAudit.Report

    public init(report: LogAudit.Report) {
        self.report = report
    }
}
