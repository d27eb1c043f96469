public import DanCuStore
import DanCuTransparency
import Foundation
import Synchronization

/// Where the access-log entries of reads go while the log's database has no primary (a PostgreSQL
/// failover): a SQLite file on this server's disk, durable before the read is answered, relayed into
/// the log once a primary takes writes again. Reads served by a standby (search, verification,
/// statistics) then go on during a failover, and still none is answered before its entry is durable.
///
/// An entry whose commit to the log was cut off by the failover may have landed there after all (a
/// COMMIT lost on its way back, or a retry that succeeded later): it is spooled as *uncertain*, held
/// until every retry of that transaction is over, and relayed only if the log does not have it. Each
/// relayed entry carries `spooled_from` (this spool's name and the row's id), unique in the log, so a
/// relay that a crash cut short adds nothing twice.
public final class AccessLogSpool: Sendable {
    let store: any Store
    /// Written to the spool instead of the log until a relay finds the log writable again.
    private let state = Mutex(State())

    private struct State {
        var spooling = false
        var name: String?
    }

    /// How long an uncertain entry waits before the relay looks for it in the log: longer than a
    /// transaction's retries may take (`PostgresStore.connectionWaitLimit`).
    static let uncertainHold: Int64 = 20_000_000

    static let migrations: [Migration] = [
        Migration(
            module: "access-log-spool", version: 1, name: "access-log entries waiting for the log's database",
            sqlite: [
                """
                CREATE TABLE access_log_spool (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, \(AccessLogTable.columnDefinitions(bigint: "INTEGER")), legal_basis TEXT,
                  uncertain INTEGER NOT NULL, spooled_at INTEGER NOT NULL
                )
                """,
                "CREATE TABLE access_log_spool_name (one INTEGER PRIMARY KEY CHECK (one = 1), name TEXT NOT NULL)",
            ], postgres: []),
        // The log whose entries wait here (`AccessLogName`): they are relayed into that log only.
        Migration(
            module: "access-log-spool", version: 2, name: "the log the waiting entries belong to",
            sqlite: ["ALTER TABLE access_log_spool_name ADD COLUMN log_name TEXT"], postgres: []),
    ]

    /// A spool holding another log's entries: they were not relayed, and no new entry joins them.
    public struct Refusal: Error, CustomStringConvertible {
        public let waiting: Int
        public let theirLog: String
        public let thisLog: String

        public var description: String {
            "the access-log spool in the data directory (dancu-access-log-spool.sqlite) holds \(waiting) entries of another "
                + "database's access log (log \(theirLog)), not of this one (log \(thisLog)); they go only into their own log. "
                + "Start once with the database they belong to, which relays them, or give this database another data directory"
        }
    }

    /// `store`: a SQLite file of this server's (`dancu-access-log-spool.sqlite` in its data directory).
    public init(store: any Store) {
        self.store = store
    }

    /// Brings the spool's schema up to date, reads its name (made once, when the file is new) and ties it
    /// to `log` (the log's name, `AccessLogName`). Entries a crash or a stop left are relayed by
    /// `relay(into:uncertainBefore:)`; if they belong to another log, nothing is relayed and this throws
    /// `Refusal`: the spool of a data directory that was used with another database.
    func prepare(for log: String) async throws {
        try await Migrator.migrate(store, Self.migrations)
        let made = UUID().uuidString.lowercased()
        let (name, waiting) = try await store.write { db in
            let waiting = Int(try db.queryOne("SELECT COUNT(*) AS n FROM access_log_spool")?.int("n") ?? 0)
            guard let row = try db.queryOne("SELECT name, log_name FROM access_log_spool_name") else {
                try db.execute("INSERT INTO access_log_spool_name (one, name, log_name) VALUES (1, ?, ?)", [.text(made), .text(log)])
                return (made, waiting)
            }
            let name = try row.string("name")
            let theirs = row["log_name"].string
            if theirs == log { return (name, waiting) }
            // Entries spooled before the spool knew its log (an older version) are taken to be this log's.
            if let theirs, waiting > 0 { throw Refusal(waiting: waiting, theirLog: theirs, thisLog: log) }
            try db.execute("UPDATE access_log_spool_name SET log_name = ? WHERE one = 1", [.text(log)])
            return (name, waiting)
        }
        state.withLock {
            $0.name = name
            // Entries left from before: new ones go to the spool too until the first relay, so that the log
            // keeps each server's entries in the order they were made.
            $0.spooling = waiting > 0
        }
    }

    public var isSpooling: Bool { state.withLock(\.spooling) }

    /// How many entries wait to be relayed.
    public func waiting() async throws -> Int {
        try await store.read { db in Int(try db.queryOne("SELECT COUNT(*) AS n FROM access_log_spool")?.int("n") ?? 0) }
    }

    /// Keeps `entries` durably; `uncertain` when a commit of theirs to the log may have landed. From now
    /// on entries come here until a relay succeeds. Returns true if this began the spooling.
    @discardableResult
    func put(_ entries: [AccessLogEntry], uncertain: Bool, at now: Int64) async throws -> Bool {
        try await store.write { db in
            try db.bulkInsert(
                table: "access_log_spool", columns: AccessLogTable.columns + ["uncertain", "spooled_at"],
                rows: entries.map { AccessLogTable.row($0) + [.int(uncertain ? 1 : 0), .int(now)] })
        }
        return state.withLock { state in
            defer { state.spooling = true }
            return !state.spooling
        }
    }

    /// Moves what waits into `log`, oldest first, in transactions of `batch`; returns how many entries
    /// reached the log and how many were found there already. Uncertain entries go only once spooled at
    /// or before `uncertainBefore`. Once a transaction on the log commits, new entries go to the log
    /// again. Throws what the log throws (no primary yet): try again later.
    func relay(into log: any Store, uncertainBefore: Int64, batch: Int = 1000) async throws -> (relayed: Int, present: Int) {
        guard let name = state.withLock(\.name) else { return (0, 0) }
        var relayed = 0
        var present = 0
        while true {
            let rows = try await store.read { db in
                try db.query(
                    """
                    SELECT id, uncertain, \(AccessLogTable.columns.joined(separator: ",")) FROM access_log_spool
                    WHERE uncertain = 0 OR spooled_at <= ? ORDER BY id LIMIT ?
                    """, [.int(uncertainBefore), .int(Int64(batch))])
            }
            guard !rows.isEmpty else {
                // Nothing ready: a statement on the log says whether it takes writes again.
                if isSpooling {
                    try await log.write { db in _ = try db.query("SELECT 1 AS one") }
                    state.withLock { $0.spooling = false }
                }
                return (relayed, present)
            }
            let spooled = try rows.map { row in (id: try row.int("id"), uncertain: try row.int("uncertain") == 1, entry: try AccessLogTable.entry(row)) }
            let added = try await log.write { db in
                try TransparencyLog.lock(in: db)
                let keys = spooled.map { "\(name):\($0.id)" }
                let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
                let done = Set(
                    try db.query("SELECT spooled_from FROM access_log WHERE spooled_from IN (\(marks))", keys.map { .text($0) })
                        .compactMap { $0["spooled_from"].string })
                var fresh: [(AccessLogEntry, String)] = []
                for (item, key) in zip(spooled, keys) where !done.contains(key) {
                    if item.uncertain, try Self.logHas(item.entry, in: db) { continue }
                    fresh.append((try item.entry.asStored.withLeaf().0, key))
                }
                try AccessLogTable.appendLogged(fresh.map(\.0), spooledFrom: fresh.map(\.1), in: db)
                return fresh.count
            }
            state.withLock { $0.spooling = false }
            try await store.write { db in
                let marks = Array(repeating: "?", count: spooled.count).joined(separator: ",")
                try db.execute("DELETE FROM access_log_spool WHERE id IN (\(marks))", spooled.map { .int($0.id) })
            }
            relayed += added
            present += spooled.count - added
        }
    }

    /// Whether the log holds this entry already: same subject, request, moment, action and fields,
    /// looked up through the log's subject index. An entry without a subject (a refusal that named no
    /// one) is not looked for: at worst the log says that refusal twice.
    static func logHas(_ entry: AccessLogEntry, in db: any SQLConnection) throws -> Bool {
        guard let subject = entry.subject else { return false }
        return try db.queryOne(
            "SELECT 1 AS one FROM access_log WHERE subject = ? AND request_id = ? AND at = ? AND action = ? AND fields = ?",
            [.text(subject), .text(entry.requestId), .int(entry.at), .text(entry.action), .text(entry.fields.joined(separator: ","))]) != nil
    }
}
