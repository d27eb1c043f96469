import ArgumentParser
import DanCuAccess
import DanCuCore
// The bench measures the register's raw reads as the reference the gate's cost is judged against.
@_spi(Gate) import DanCuRegister
import DanCuStore
import Foundation

/// The person read's costs, stage by stage, on one register: the point read alone, then through the
/// gate with the access log; one read at a time, then many at once as an HTTP server would run them.
struct ReadPath: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-path",
        abstract: "Per-read cost of the person read: store, gate, access log.")
    @Option var database: String
    @Option var count: Int = 20_000
    @Option var concurrency: Int = 64
    @Option(help: "Run only the stages whose name contains this.") var only: String?
    @Option(help: "The access log to append to (default: a new one in a temporary directory).") var log: String?

    func run() async throws {
        let store = try StoreFactory.open(database)
        let register = Register(store: store)
        let numbers = try await sample(register, count: 20_000).map(\.personalNumber)
        guard !numbers.isEmpty else { throw ValidationError("the register is empty") }
        let logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-read-path-\(UUID().uuidString)")
        let logStore = try StoreFactory.open(log ?? "sqlite:" + logDirectory.appendingPathComponent("log.sqlite").path, for: .appendOnlyLog)
        defer { try? FileManager.default.removeItem(at: logDirectory) }
        let gate = Gate(register: register, logStore: logStore)
        try await gate.prepare()
        let request = AccessRequest(
            officer: Officer(username: "bench", displayName: "Bench", role: .centralOfficer, jurisdiction: .nation),
            purpose: .publicService, requestId: "bench")
        let stages: [(String, @Sendable (PersonalNumber) async throws -> Void)] = [
            ("register.storedPerson", { _ = try await register.storedPerson($0) }),
            ("register.person (decoded)", { _ = try await register.person($0) }),
            ("gate.storedPerson + access log", { _ = try await gate.storedPerson($0, for: request) }),
        ]
        for (label, body) in stages where only.map({ label.contains($0) }) ?? true {
            let one = try await Self.timed(numbers, count: count, workers: 1, body)
            let many = try await Self.timed(numbers, count: count, workers: concurrency, body)
            print(
                String(
                    format: "%@: %.2f µs a read one at a time; %.2f µs a read %d at once (%.0f/s)",
                    label, one, many, concurrency, 1e6 / many))
        }
        await logStore.close()
        await store.close()
    }

    /// Microseconds of wall time per read, `count` reads spread over `workers` tasks.
    static func timed(
        _ numbers: [PersonalNumber], count: Int, workers: Int,
        _ body: @escaping @Sendable (PersonalNumber) async throws -> Void
    ) async throws -> Double {
        let t = DispatchTime.now().uptimeNanoseconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<workers {
                group.addTask {
                    var i = w
                    while i < count {
                        try await body(numbers[i % numbers.count])
                        i += workers
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(DispatchTime.now().uptimeNanoseconds - t) / Double(count) / 1000
    }
}
