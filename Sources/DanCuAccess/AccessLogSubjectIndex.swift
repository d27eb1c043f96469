import DanCuStore

/// Finds a person's entries in a SQLite access log, whose own table has no index on the subject.
///
/// Every read of personal data appends an entry, and an index on the subject would put each entry
/// on a random page of that index: one more page written per entry in the commit the answer waits
/// for, and the same random pages copied and synced at every checkpoint, while the log's writer
/// waits. (Measured with 1 M people: the index cost every read's commit about twice the pages, and
/// the checkpoints' syncs made p99 five times p50.) So the log only appends, and this index is kept
/// apart, in its own file, brought up to date in the background in large batches sorted by subject.
///
/// `access_log_indexed.through` is the last entry the index covers. A query takes the index's entries
/// and then scans the log's entries after `through`: an entry is found whether or not it is indexed
/// yet, never twice. SQLite commits the log's ids in order (one writer), so nothing below `through`
/// can appear later. PostgreSQL's identity values may commit out of order, so there the log keeps an
/// ordinary index instead (its B-tree writes WAL records, not whole pages, and syncs no random pages
/// at checkpoints).
///
/// The index is kept in runs of the log: entry `id` belongs to run `id >> runBits` (about a million
/// entries), and the key is (run, subject, id). One index over the whole log put a batch's entries on
/// nearly as many random pages as it had entries once the log held millions (each page written to the
/// WAL, then copied and synced by a checkpoint: three syscalls and two page copies per read of
/// personal data). A batch now lands in the newest run's few thousand pages, which it shares. A query
/// looks the subject up once in each run it spans, newest or oldest first as asked: a seek per million
/// entries of log. (Merging old runs into larger ones would keep that bounded for a log of billions;
/// not built yet.)
struct AccessLogSubjectIndex: Sendable {
    let log: any Store
    let index: any Store
    /// log2 of a run's span of entry ids: `standardRunBits`, which the migration to runs uses too (so
    /// changing it needs a migration that rebuilds the runs); a test's new index may use another.
    let runBits: Int
    static let standardRunBits = 20

    init(log: any Store, index: any Store, runBits: Int = standardRunBits) {
        self.log = log
        self.index = index
        self.runBits = runBits
    }

    static let batchSize = 50_000

    func migrate() async throws {
        try await Migrator.migrate(index, AccessSchema.subjectIndexMigrations)
    }

    /// Indexes up to `batch` entries appended since the last update; returns how many it read.
    func update(batch: Int = batchSize) async throws -> Int {
        let through = try await index.readOne { db in try Self.through(db) }
        let rows = try await log.readOne { db in
            try db.query("SELECT id, subject FROM access_log WHERE id > ? ORDER BY id LIMIT ?", [.int(through), .int(Int64(batch))])
        }
        guard let last = rows.last?["id"].int else { return 0 }
        let bits = Int64(runBits)
        let entries = rows.compactMap { row -> (run: Int64, subject: String, id: Int64)? in
            guard let subject = row["subject"].string, let id = row["id"].int else { return nil }
            return (id >> bits, subject, id)
        }.sorted { ($0.run, $0.subject, $0.id) < ($1.run, $1.subject, $1.id) }
        try await index.write { db in
            // Another indexer (a second process on the same files) got there first.
            guard try Self.through(db) == through else { return }
            try db.bulkInsert(
                table: "access_log_subject_runs", columns: ["run", "subject", "id"],
                rows: entries.map { [.int($0.run), .text($0.subject), .int($0.id)] })
            try db.execute("UPDATE access_log_indexed SET through = ? WHERE one = 1", [.int(last)])
        }
        return rows.count
    }

    /// The subject's entries after the entry `after`, oldest first.
    func entries(of subject: String, after: Int64, limit: Int) async throws -> [AccessLogEntry] {
        let (through, ids) = try await indexed(subject, after: after, before: Int64.max, newestFirst: false, limit: limit)
        return try await log.read { db in
            var found = try Self.rows(ids, in: db)
            if found.count < limit {
                found += try Self.unindexed(
                    of: subject, from: max(through, after), before: Int64.max, newestFirst: false,
                    limit: limit - found.count, in: db)
            }
            return found
        }
    }

    /// The subject's entries before the entry `before` (all when nil), newest first.
    func entries(of subject: String, before: Int64?, limit: Int) async throws -> [AccessLogEntry] {
        let before = before ?? Int64.max
        let (through, ids) = try await indexed(subject, after: 0, before: before, newestFirst: true, limit: limit)
        return try await log.read { db in
            var found = try Self.unindexed(of: subject, from: through, before: before, newestFirst: true, limit: limit, in: db)
            if found.count < limit {
                found += try Self.rows(ids, in: db).reversed().prefix(limit - found.count)
            }
            return found
        }
    }

    /// How far the index reaches, and the ids it holds for `subject` between `after` and `before`, in
    /// the order asked, read together.
    private func indexed(
        _ subject: String, after: Int64, before: Int64, newestFirst: Bool,
        limit: Int
    ) async throws -> (through: Int64, ids: [Int64]) {
        let bits = Int64(runBits)
        return try await index.read { db in
            let through = try Self.through(db)
            let last = min(through, before > Int64.min ? before - 1 : before)
            guard last > after else { return (through, []) }
            // One seek into each run the range spans; a run holds a subject's few entries in id order.
            let ids = try db.query(
                """
                WITH RECURSIVE runs(run) AS (SELECT ? UNION ALL SELECT run + 1 FROM runs WHERE run < ?)
                SELECT s.id FROM runs JOIN access_log_subject_runs s ON s.run = runs.run AND s.subject = ? AND s.id > ? AND s.id < ?
                ORDER BY s.id \(newestFirst ? "DESC" : "") LIMIT ?
                """,
                [
                    .int((after + 1) >> bits), .int(last >> bits), .text(subject), .int(after), .int(before),
                    .int(Int64(limit)),
                ]
            ).compactMap { $0["id"].int }
            return (through, ids)
        }
    }

    static func through(_ db: any SQLConnection) throws -> Int64 {
        try db.queryOne("SELECT through FROM access_log_indexed WHERE one = 1")?.int("through") ?? 0
    }

    /// The log's entries with these ids, oldest first.
    static func rows(_ ids: [Int64], in db: any SQLConnection) throws -> [AccessLogEntry] {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        return try db.query(
            "SELECT id, leaf, opening, \(AccessLogTable.columns.joined(separator: ",")) FROM access_log WHERE id IN (\(marks)) ORDER BY id",
            ids.map { .int($0) }
        ).map(AccessLogTable.entry)
    }

    /// The subject's entries after `from` and before `before` that the index does not cover yet.
    static func unindexed(
        of subject: String, from: Int64, before: Int64, newestFirst: Bool, limit: Int,
        in db: any SQLConnection
    ) throws -> [AccessLogEntry] {
        try db.query(
            """
            SELECT id, leaf, opening, \(AccessLogTable.columns.joined(separator: ",")) FROM access_log
            WHERE id > ? AND id < ? AND subject = ? ORDER BY id \(newestFirst ? "DESC" : "") LIMIT ?
            """, [.int(from), .int(before), .text(subject), .int(Int64(limit))]
        ).map(AccessLogTable.entry)
    }
}
