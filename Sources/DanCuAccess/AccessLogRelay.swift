import DanCuStore
import DanCuTransparency

/// Moves the entries of register writes from the register's outbox into the access log's store. The
/// gate runs it after every write, before answering; at start-up it picks up what a crash left behind.
/// Each entry keeps its outbox id in `relayed_from`, so running it twice adds nothing twice. Writers
/// that relay at the same moment share runs (`CoalescedRuns`): each returns once a run that began after
/// its call has moved everything, its own entries among them.
struct AccessLogRelay: Sendable {
    let register: any Store
    let log: any Store
    private let shared: CoalescedRuns

    init(register: any Store, log: any Store) {
        self.register = register
        self.log = log
        shared = CoalescedRuns { _ = try await Self.move(from: register, to: log) }
    }

    /// Returns once the outbox holds nothing this call's caller wrote before it.
    func run() async throws { try await shared.run() }

    /// One run of its own, not shared; returns how many entries it moved.
    @discardableResult
    func runAlone(batch: Int = 1000) async throws -> Int { try await Self.move(from: register, to: log, batch: batch) }

    private static func move(from register: any Store, to log: any Store, batch: Int = 1000) async throws -> Int {
        var moved = 0
        while true {
            let rows = try await register.read { db in
                try db.query(
                    "SELECT id, \(AccessLogTable.columns.joined(separator: ",")) FROM access_log_outbox ORDER BY id LIMIT ?",
                    [.int(Int64(batch))])
            }
            guard !rows.isEmpty else { return moved }
            let ids = rows.compactMap { $0["id"].int }
            let entries = try rows.map(AccessLogTable.entry)
            try await log.write { db in
                // Entries relayed already (by a run a crash cut short, or a concurrent one: hence the lock
                // first) are not appended twice.
                try TransparencyLog.lock(in: db)
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                let relayed = Set(
                    try db.query("SELECT relayed_from FROM access_log WHERE relayed_from IN (\(marks))", ids.map { .int($0) })
                        .compactMap { $0["relayed_from"].int })
                let fresh = zip(entries, ids).filter { !relayed.contains($0.1) }
                try AccessLogTable.appendLogged(try fresh.map { try $0.0.asStored.withLeaf().0 }, relayedFrom: fresh.map(\.1), in: db)
            }
            try await register.write { db in
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                try db.execute("DELETE FROM access_log_outbox WHERE id IN (\(marks))", ids.map { .int($0) })
            }
            moved += rows.count
        }
    }
}
