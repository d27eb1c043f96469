import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCore
import DanCuExchange
@_spi(Gate) import DanCuRegister
import Foundation

/// Batch verification in process, for bench/exchange.sh: LINES verify questions taken in as a member's
/// upload would stream them, then worked through as the server's worker does (the gate's reads and
/// access log included), beside the register's own point reads of the same people, measured before and
/// after in the same run.
struct ExchangeBatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange-batch", abstract: "Time a batch verification of LINES lines beside the register's in-process point reads.")
    @Option var database: String
    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option var lines: Int = 1_000_000
    @Option(help: "The member's subsystem, registered with a verify grant (bench/exchange.sh does it).") var subsystem = "BHXH/GIAM-DINH"
    @Option(name: .customLong("key-id")) var keyId = "bench-1"
    @Option var readers: Int = 8

    func run() async throws {
        let platform = try await Platform.open(AppConfiguration(database: database, dataDirectory: dataDirectory))
        guard let gateway = platform.exchange else { throw ValidationError("no exchange gateway") }
        let parts = subsystem.split(separator: "/").map(String.init)
        guard parts.count == 2 else { throw ValidationError("--subsystem is MEMBER/SUBSYSTEM") }
        let caller = MemberCaller(
            subsystem: try Subsystem(member: parts[0], code: parts[1]), kind: .ministry, name: "Bench", keyId: keyId, requestId: "bench-batch",
            purpose: "social-insurance", legalBasis: "26/2023/QH15", consent: nil)
        let people = try await sample(platform.register, count: 100_000)
        guard !people.isEmpty else { throw ValidationError("the register is empty") }
        var body: [UInt8] = []
        body.reserveCapacity(lines * 100)
        for i in 0..<lines {
            let p = people[i % people.count]
            body += Array(#"{"personalNumber":"\#(p.personalNumber)","name":"\#(p.name.fullName)","dateOfBirth":"\#(p.dateOfBirth.year)"}"#.utf8)
            body.append(UInt8(ascii: "\n"))
        }
        let pieces = stride(from: 0, to: body.count, by: 64 * 1024).map { Array(body[$0..<min($0 + 64 * 1024, body.count)]) }
        let numbers = people.map(\.personalNumber)

        let before = try await Self.pointReads(platform.register, numbers, readers: readers)
        let received = Date()
        let job = try await gateway.receiveBatch(
            AsyncStream { continuation in
                for piece in pieces { continuation.yield(piece) }
                continuation.finish()
            }, digest: try ContentDigest.Expectation(ContentDigest.header(for: body)), for: caller)
        let worked = Date()
        while try await gateway.workOnBatches(budget: 64) > 0 {}
        let finished = Date()
        let after = try await Self.pointReads(platform.register, numbers, readers: readers)
        guard let done = try? await gateway.batch(job.id, for: caller), done.status == .done, done.processed == Int64(lines) else {
            throw ValidationError("the batch did not finish: \(String(describing: try? await gateway.batch(job.id, for: caller)))")
        }
        let upload = worked.timeIntervalSince(received)
        let work = finished.timeIntervalSince(worked)
        let reference = (before + after) / 2
        print(
            String(
                format: "batch: %d lines (%.0f MB) taken in %.1f s (%.0f lines/s), worked in %.1f s (%.0f lines/s), %lld matched, %lld errors",
                lines, Double(body.count) / 1e6, upload, Double(lines) / upload, work, Double(lines) / work, done.matched, done.errors))
        print(
            String(
                format: "batch: point reads (register.person, %d readers) %.0f/s before, %.0f/s after | batch/point reads %.3f (target >= 0.5)",
                readers, before, after, Double(lines) / work / reference))
        await platform.close()
    }

    /// The register's own point reads per second: decoded records, `readers` at once, no gate.
    static func pointReads(_ register: Register, _ numbers: [PersonalNumber], readers: Int) async throws -> Double {
        let count = 100_000
        let micros = try await ReadPath.timed(numbers, count: count, workers: readers) { _ = try await register.person($0) }
        return 1e6 / micros
    }
}
