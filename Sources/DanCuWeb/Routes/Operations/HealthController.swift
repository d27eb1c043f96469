import DanCuAPI
import HTTPTypes

/// Liveness and readiness: open, and touching no one's data.
struct HealthController: Sendable {
    let health: DatabaseHealth

    func live(_ input: Operations.Live.Input) async throws -> Operations.Live.Output {
        .ok(.init(body: .json(.init(status: "live"))))
    }

    func ready(_ input: Operations.Ready.Input) async throws -> Operations.Ready.Output {
        do { try await health.ping() } catch {
            throw Problem(.serviceUnavailable, "not-ready", "Not ready", detail: "the database is not reachable")
        }
        return .ok(.init(body: .json(.init(status: "ready", database: "reachable"))))
    }
}
