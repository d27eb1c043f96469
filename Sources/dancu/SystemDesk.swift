import ArgumentParser
import DanCuAccess
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
    let stores: [any Store]

    static func open(_ db: DatabaseOptions, job: String) async throws -> SystemDesk {
        let (register, gate, stores) = try await db.openGate()
        return SystemDesk(register: register, gate: gate, request: request(job), stores: stores)
    }

    static func request(_ job: String) -> AccessRequest {
        AccessRequest(officer: .system(job), purpose: .dataCorrection, requestId: "cli-" + UUID().uuidString.lowercased())
    }

    func close() async {
        for store in stores { await store.close() }
    }
}
