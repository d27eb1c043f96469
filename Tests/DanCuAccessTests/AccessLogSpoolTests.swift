import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import DanCuTransparency
import Foundation
import Synchronization
import Testing

@testable import DanCuAccess

/// While the access log's database has no primary, read entries wait in a spool on the server's disk;
/// they reach the log once, whatever the failover did to the commits it cut off.
@Suite struct AccessLogSpoolTests {
    static let t0: Int64 = 1_780_000_000_000_000

    func entry(_ requestId: String, subject: String? = "001090000001", at: Int64 = t0) -> AccessLogEntry {
        AccessLogEntry(
            at: at, requestId: requestId, actor: "central.officer", role: "central-officer", subject: subject, action: "search",
            fields: ["fullName", "birthYear"], purpose: "civil-status", decision: .allowed, legalBasis: "26/2023/QH15")
    }

    /// A spool in a file of its own, prepared for the log named `log` (`AccessLogName`).
    func withSpool<T>(for log: String = "the-log-under-test", _ body: (AccessLogSpool) async throws -> T) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-spool-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        let spool = AccessLogSpool(store: store)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            try await spool.prepare(for: log)
            let result = try await body(spool)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    func prepareLog(_ log: any Store) async throws {
        try await Migrator.migrate(log, TransparencySchema.migrations)
        try await TransparencyLog.prepare(log)
        try await Migrator.migrate(log, AccessSchema.logMigrations)
    }

    /// Request id → how many times the log holds it, and how many of its rows say they came from a spool.
    func logged(_ log: any Store) async throws -> [String: [Bool]] {
        let rows = try await log.read { db in try db.query("SELECT request_id, spooled_from FROM access_log ORDER BY id") }
        return try rows.reduce(into: [:]) { counts, row in counts[try row.string("request_id"), default: []].append(row["spooled_from"].string != nil) }
    }

    @Test(arguments: Backend.all) func spooledEntriesReachTheLogOnceAndUncertainOnesOnlyIfMissing(backend: Backend) async throws {
        try await backend.withStore { log in
            try await prepareLog(log)
            try await withSpool { spool in
                // "c" was spooled as uncertain, and its commit did land after all.
                _ = try await log.write { db in try AccessLogTable.appendLogged([try entry("c").asStored.withLeaf().0], in: db) }
                #expect(try await spool.put([entry("a"), entry("b")], uncertain: false, at: Self.t0))
                #expect(try await spool.put([entry("c"), entry("d"), entry("e", subject: nil)], uncertain: true, at: Self.t0) == false)
                #expect(spool.isSpooling)
                #expect(try await spool.waiting() == 5)

                // Uncertain entries wait until every retry of their commit is over.
                let early = try await spool.relay(into: log, uncertainBefore: Self.t0 - 1)
                #expect(early.relayed == 2 && early.present == 0)
                #expect(try await spool.waiting() == 3)
                #expect(!spool.isSpooling)

                let later = try await spool.relay(into: log, uncertainBefore: Self.t0)
                #expect(later.relayed == 2 && later.present == 1)
                #expect(try await spool.waiting() == 0)
                #expect(try await logged(log) == ["c": [false], "a": [true], "b": [true], "d": [true], "e": [true]])

                // A relay that a crash cut short between the log's commit and the spool's delete: the row is
                // back in the spool under its id, and the log does not take it twice.
                try await spool.store.write { db in
                    try db.execute(
                        """
                        INSERT INTO access_log_spool (id, \(AccessLogTable.columns.joined(separator: ",")), uncertain, spooled_at)
                        VALUES (1, \(Array(repeating: "?", count: AccessLogTable.columns.count).joined(separator: ",")), 0, ?)
                        """, AccessLogTable.row(entry("a")) + [.int(Self.t0)])
                }
                let again = try await spool.relay(into: log, uncertainBefore: Self.t0)
                #expect(again.relayed == 0 && again.present == 1)
                #expect(try await logged(log)["a"] == [true])

                // Relayed entries have leaves in the transparency log like any other.
                let leaves = try await log.read { db in try db.query("SELECT leaf FROM access_log WHERE leaf IS NULL") }
                #expect(leaves.isEmpty)
            }
        }
    }

    /// A server that stops (or dies) with entries in its spool relays them as it starts again, the
    /// uncertain ones too: the commits its previous run gave up on ended with that run.
    @Test(arguments: Backend.all) func aServerStartingWithSpooledEntriesRelaysThemAtOnce(backend: Backend) async throws {
        try await backend.withRegister { register in
            try await prepareLog(register.store)
            try await withSpool(for: try await AccessLogName.of(register.store)) { spool in
                try await spool.put([entry("left-certain")], uncertain: false, at: Self.t0)
                try await spool.put([entry("left-uncertain")], uncertain: true, at: Self.t0)
                try await Migrator.migrate(register.store, AccessSchema.migrations)
                let gate = Gate(register: register, spool: spool)
                try await gate.prepare()
                #expect(try await spool.waiting() == 0)
                #expect(!spool.isSpooling)
                let logged = try await logged(register.store)
                #expect(logged["left-certain"] == [true] && logged["left-uncertain"] == [true])
            }
        }
    }

    /// The log's store has lost its primary (two hosts, neither answering): the entries go to the spool
    /// while the commit still waits, and the next ones straight there.
    @Test func aCommitWaitingOnALostPrimaryIsSpooled() async throws {
        let lost = try PostgresStore(url: "postgres://dancu:dancu@127.0.0.1:1,127.0.0.1:2/dancu", maximumConnections: 2)
        #expect(lost.primaryLost)
        try await withSpool { spool in
            let writer = AccessLogWriter(store: lost, sequenced: SequencedLeaves(), spool: spool, now: { Self.t0 })
            try await writer.append([entry("first")])
            #expect(spool.isSpooling)
            try await writer.append([entry("second"), entry("third")])
            let rows = try await spool.store.read { db in try db.query("SELECT request_id, uncertain FROM access_log_spool ORDER BY id") }
            #expect(try rows.map { "\(try $0.string("request_id")):\(try $0.int("uncertain"))" } == ["first:1", "second:0", "third:0"])

            // Once a primary takes writes, the spool empties into it and the writer writes there again.
            try await Backend.sqlite.withStore { log in
                try await prepareLog(log)
                let moved = try await spool.relay(into: log, uncertainBefore: Self.t0)
                #expect(moved.relayed == 3)
                #expect(!spool.isSpooling)
                // (A commit that takes longer than `FailoverRace.longest`, on a machine this busy, is
                // spooled too: the relay after it brings it in.)
                let direct = AccessLogWriter(store: log, sequenced: SequencedLeaves(), spool: spool, now: { Self.t0 })
                try await direct.append([entry("fourth")])
                _ = try await spool.relay(into: log, uncertainBefore: Int64.max)
                #expect(try await spool.waiting() == 0)
                #expect(try await logged(log).keys.sorted() == ["first", "fourth", "second", "third"])
            }
        }
        await lost.close()
    }

    /// A data directory used with one database and then with another: the spool's entries were made for
    /// the first database's log and go nowhere else. The start on the second is refused, saying why;
    /// the entries wait for the first, which takes them as it starts. An empty spool serves any log.
    @Test(arguments: Backend.all) func aSpoolGivesItsEntriesOnlyToTheLogTheyWereMadeFor(backend: Backend) async throws {
        try await backend.withRegister { first in
            try await Backend.sqlite.withRegister { second in
                for register in [first, second] {
                    try await Migrator.migrate(register.store, AccessSchema.migrations)
                    try await prepareLog(register.store)
                }
                let firstLog = try await AccessLogName.of(first.store)
                #expect(try await AccessLogName.of(first.store) == firstLog)
                #expect(try await AccessLogName.of(second.store) != firstLog)
                try await withSpool(for: firstLog) { spool in
                    try await spool.put([entry("made-for-the-first")], uncertain: true, at: Self.t0)

                    // Each start reads the spool's file anew, as a process does.
                    let refusal = await #expect(throws: AccessLogSpool.Refusal.self) {
                        try await Gate(register: second, spool: AccessLogSpool(store: spool.store)).prepare()
                    }
                    #expect(refusal?.waiting == 1 && refusal?.theirLog == firstLog)
                    #expect(refusal?.description.contains("dancu-access-log-spool.sqlite") == true)
                    #expect(try await spool.waiting() == 1)
                    #expect(try await logged(second.store).isEmpty)

                    try await Gate(register: first, spool: AccessLogSpool(store: spool.store)).prepare()
                    #expect(try await spool.waiting() == 0)
                    #expect(try await logged(first.store) == ["made-for-the-first": [true]])

                    let now = AccessLogSpool(store: spool.store)
                    try await Gate(register: second, spool: now).prepare()
                    try await now.put([entry("made-for-the-second")], uncertain: false, at: Self.t0)
                    await #expect(throws: AccessLogSpool.Refusal.self) {
                        try await Gate(register: first, spool: AccessLogSpool(store: spool.store)).prepare()
                    }
                    #expect(try await logged(first.store) == ["made-for-the-first": [true]])
                }
            }
        }
    }

    /// A commit that outlasts the race (the log's lock held elsewhere) leaves its entry in the spool as
    /// uncertain. While that commit still goes, no relay takes the entry, however long ago it was
    /// spooled: neither the server's periodic relay (its clock a minute on here, past the spool's 20 s
    /// hold) nor a stopping server's drain that gave up waiting. Once the commit has landed, the drain
    /// finds the entry in the log and adds nothing: the log holds it once. PostgreSQL only: on SQLite the
    /// log is a file of the server's own and there is no spool.
    @Test(.enabled(if: Backend.postgresURL != nil)) func aStoppingProcessRelaysItsSpoolOnceItsCommitsHaveEnded() async throws {
        try await Backend.postgres.withRegister { register in
            try await Migrator.migrate(register.store, AccessSchema.migrations)
            try await prepareLog(register.store)
            try await withSpool(for: try await AccessLogName.of(register.store)) { spool in
                let ahead = Mutex<Int64>(0)
                let clock = CivilClock(microsNow: { CivilClock.system.nowMicros() + ahead.withLock { $0 } })
                let gate = Gate(register: Register(store: register.store, clock: clock), spool: spool)
                try await gate.prepare()
                let holding = Mutex(false)
                let released = Mutex(false)
                let holder = Task {
                    try await register.store.write { db in
                        _ = try db.query("SELECT sequenced FROM transparency_state WHERE one = 1 FOR UPDATE")
                        holding.withLock { $0 = true }
                        for _ in 0..<6_000 where !released.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.005) }
                    }
                }
                while !holding.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
                try await gate.log.append([entry("slow")])
                let waiting = try await spool.store.read { db in try db.query("SELECT request_id, uncertain FROM access_log_spool") }
                #expect(try waiting.map { "\(try $0.string("request_id")):\(try $0.int("uncertain"))" } == ["slow:1"])

                ahead.withLock { $0 = 60_000_000 }
                let periodic = try await gate.relaySpool()
                #expect(periodic.relayed == 0 && periodic.present == 0)
                let early = try await gate.drainSpool(within: .milliseconds(100))
                #expect(early.relayed == 0 && early.left == 1)

                released.withLock { $0 = true }
                try await holder.value
                let drained = try await gate.drainSpool()
                #expect(drained.relayed == 0 && drained.left == 0)
                #expect(try await logged(register.store) == ["slow": [false]])
            }
        }
    }
}
