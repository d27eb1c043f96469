import Logging

/// Runs `work` back to back while it finds something to do (a count above 0), and every `idle` when it
/// does not, until the task is cancelled. A failure is logged, without its details (they may name
/// people), and tried again after `retry`.
func repeatWork(_ what: String, idle: Duration, retry: Duration = .seconds(2), logger: Logger, _ work: () async throws -> Int) async {
    while !Task.isCancelled {
        do {
            if try await work() == 0 { try await Task.sleep(for: idle) }
        } catch is CancellationError {
            return
        } catch {
            logger.error("\(what) failed, trying again shortly", metadata: ["error.type": "\(type(of: error))"])
            try? await Task.sleep(for: retry)
        }
    }
}
