import DanCuAPI
import HTTPTypes

/// Liveness and readiness: open, and touching no one's data.
struct HealthController: Sendable {
    let health: DatabaseHealth
    let readiness: Readiness

    func live(_ input: Operations.Live.Input) async throws -> Operations.Live.Output {
        .ok(.init(body: .json(.init(status: "live"))))
    }

    func ready(_ input: Operations.Ready.Input) async throws -> Operations.Ready.Output {
        if readiness.isDraining {
            throw Problem(.serviceUnavailable, "not-ready", "Not ready", detail: "the server is stopping: it finishes what it has and takes no more")
        }
        guard await health.answers() else {
            throw Problem(.serviceUnavailable, "not-ready", "Not ready", detail: "the database is not reachable")
        }
        return .ok(.init(body: .json(.init(status: "ready", database: "reachable"))))
    }
}
