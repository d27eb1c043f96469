import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation

/// The gate as the command line's bulk work meets it: the register and its access log opened, and the
/// system acting as `system:<job>` with the purpose 'data-correction'. Import, seed, export and the
/// demo go through it, so each person they touch has an access-log entry naming the job.
struct SystemDesk {
    let register: Register
    let gate: Gate
    let request: AccessRequest
    /// Nil where the desk borrows a platform someone else closes.
    let platform: Platform?

    static func open(_ db: PlatformOptions, job: String) async throws -> SystemDesk {
        let platform = try await db.open()
        return SystemDesk(register: platform.register, gate: platform.gate, request: request(job), platform: platform)
    }

    static func request(_ job: String) -> AccessRequest {
        AccessRequest(officer: .system(job), purpose: .dataCorrection, requestId: "cli-" + UUID().uuidString.lowercased())
    }

    func close() async {
        await platform?.close()
    }
}
