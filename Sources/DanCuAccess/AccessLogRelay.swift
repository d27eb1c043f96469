import DanCuStore
import DanCuTransparency
import Synchronization

/// Moves the entries of register writes from the register's outbox into the access log's store. The
/// gate runs it after every write, before answering, so the log holds a write's entries before anyone
/// learns of the write; at start-up it picks up what a crash left behind. Each entry keeps its outbox
/// id in `relayed_from`, so running it twice adds nothing twice. Writers that relay at the same moment
/// share runs (`CoalescedRuns`): each returns once a run that began after its call has copied
/// everything, its own entries among them.
///
/// The leaves of the entries a run appended go to `sequenced` once its transaction committed, as the
/// log's own writer hands over the leaves of reads: integration then files them without reading their
/// rows back (a register write's entries were rebuilt from their rows: 2 % of an online birth's
/// processor time). Each entry's public form and hash are worked out before the log's one writer takes
/// the batch.
///
/// A run copies and does not delete: the outbox rows it copied are deleted later, many at once, by
/// `sweep` (a server sweeps every few milliseconds). A delete is a transaction of the register's one
/// writer, and a writer that waited for its own delete waited behind every write queued before it.
struct AccessLogRelay: Sendable {
    let register: any Store
    let log: any Store
    /// Where integration takes the appended leaves from; nil where nothing integrates this log here.
    let sequenced: SequencedLeaves?
    private let shared: CoalescedRuns
    /// Outbox ids this process copied into the log and has not deleted yet.
    private let copied: CopiedEntries

    init(register: any Store, log: any Store, sequenced: SequencedLeaves? = nil) {
        self.register = register
        self.log = log
        self.sequenced = sequenced
        let copied = CopiedEntries()
        self.copied = copied
        shared = CoalescedRuns {
            try await Self.copy(from: register, to: log, skipping: copied, sequenced: sequenced)
            // Where nothing sweeps (a command-line process), every few hundred writes one run does.
            if copied.count >= Self.sweepAt { try await Self.sweep(copied, from: register) }
        }
    }

    /// How many copied rows a run lets wait for a sweep before it deletes them itself.
    static let sweepAt = 512

    /// Returns once the log holds every entry the outbox held when this was called.
    func run() async throws { try await shared.run() }

    /// Deletes from the outbox the entries runs copied; returns how many.
    @discardableResult
    func sweep() async throws -> Int { try await Self.sweep(copied, from: register) }

    private static func sweep(_ copied: CopiedEntries, from register: any Store) async throws -> Int {
        let ids = copied.take()
        guard !ids.isEmpty else { return 0 }
        do {
            for part in stride(from: 0, to: ids.count, by: 1000).map({ Array(ids[$0..<min($0 + 1000, ids.count)]) }) {
                try await Self.delete(part, from: register)
            }
        } catch {
            copied.add(ids)
            throw error
        }
        return ids.count
    }

    /// One run of its own that copies and deletes everything; returns how many entries it moved.
    @discardableResult
    func runAlone(batch: Int = 1000) async throws -> Int {
        var moved = 0
        while true {
            let ids = try await Self.copyBatch(from: register, to: log, after: nil, batch: batch, skipping: nil, sequenced: sequenced).ids
            guard !ids.isEmpty else { return moved }
            try await Self.delete(ids, from: register)
            copied.remove(ids)
            moved += ids.count
        }
    }

    /// Copies every outbox row into the log, a batch at a time in id order; rows this process copied
    /// already are passed over without a write.
    private static func copy(
        from register: any Store, to log: any Store, skipping copied: CopiedEntries, sequenced: SequencedLeaves?, batch: Int = 1000
    ) async throws {
        var after: Int64?
        while true {
            let (last, ids) = try await copyBatch(from: register, to: log, after: after, batch: batch, skipping: copied, sequenced: sequenced)
            copied.add(ids)
            guard let last else { return }
            after = last
        }
    }

    /// One batch of outbox rows after `after`: the last id read when the batch was full (nil when the
    /// outbox has no more), and the ids read.
    private static func copyBatch(
        from register: any Store, to log: any Store, after: Int64?, batch: Int, skipping: CopiedEntries?, sequenced: SequencedLeaves?
    ) async throws -> (last: Int64?, ids: [Int64]) {
        let rows = try await register.read { db in
            try db.query(
                "SELECT id, \(AccessLogTable.columns.joined(separator: ",")) FROM access_log_outbox WHERE id > ? ORDER BY id LIMIT ?",
                [.int(after ?? Int64.min), .int(Int64(batch))])
        }
        let ids = rows.compactMap { $0["id"].int }
        let known = skipping?.contains(ids) ?? []
        let pending = zip(rows, ids).filter { !known.contains($0.1) }
        if !pending.isEmpty {
            let stored = try pending.map { try AccessLogTable.entry($0.0).asStored.withLeaf() }
            let pendingIds = pending.map(\.1)
            let appended = try await log.write { db in
                // Entries relayed already (by a run a crash cut short, or another server's: hence the lock
                // first) are not appended twice.
                try TransparencyLog.lock(in: db)
                let marks = Array(repeating: "?", count: pendingIds.count).joined(separator: ",")
                let relayed = Set(
                    try db.query("SELECT relayed_from FROM access_log WHERE relayed_from IN (\(marks))", pendingIds.map { .int($0) })
                        .compactMap { $0["relayed_from"].int })
                let fresh = zip(stored, pendingIds).filter { !relayed.contains($0.1) }
                let leaves = try AccessLogTable.appendLogged(fresh.map(\.0.0), relayedFrom: fresh.map(\.1), in: db)
                return (leaves: fresh.map(\.0.1), first: leaves.lowerBound)
            }
            sequenced?.add([appended])
        }
        return (rows.count == batch ? ids.last : nil, ids)
    }

    private static func delete(_ ids: [Int64], from register: any Store) async throws {
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        try await register.write { db in try db.execute("DELETE FROM access_log_outbox WHERE id IN (\(marks))", ids.map { .int($0) }) }
    }
}

/// The outbox ids copied into the log and not yet deleted from the outbox.
final class CopiedEntries: Sendable {
    private let ids = Mutex(Set<Int64>())

    var count: Int { ids.withLock { $0.count } }
    func add(_ more: [Int64]) { ids.withLock { $0.formUnion(more) } }
    func remove(_ gone: [Int64]) { ids.withLock { $0.subtract(gone) } }
    func contains(_ some: [Int64]) -> Set<Int64> { ids.withLock { set in Set(some.filter { set.contains($0) }) } }

    /// All of them, in id order, forgotten here (the caller deletes them, or adds them back).
    func take() -> [Int64] {
        ids.withLock { set in
            defer { set = [] }
            return set.sorted()
        }
    }
}
