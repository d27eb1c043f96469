public import DanCuStore
import Foundation

/// The batch verifications' tables. Lines are kept in chunks of whole lines as they arrive; the worker
/// turns each chunk into a chunk of results in one transaction that also advances the job and drops the
/// chunk it read, so a restart goes on from the first chunk without results, never twice and never
/// skipping. A lease keeps two servers from working on one job, and tells an upload cut off by a crash
/// from one still coming in.
struct BatchStore: Sendable {
    let store: any Store

    /// How long a worker holds a job without renewing, in microseconds: each chunk renews it, and a server
    /// killed mid-batch leaves it to the next worker (its own, restarted) this long after.
    static let workLease: Int64 = 15 * 1_000_000
    /// How long an upload may stall between chunks before it counts as cut off.
    static let uploadLease: Int64 = 120 * 1_000_000

    static let columns =
        "id, member, subsystem, key_id, purpose, legal_basis, request_id, status, lines, bytes, processed, matched, errors, result_digest, result_bytes, failure, created_at, finished_at, expires_at"

    func create(_ id: String, subsystem: Subsystem, keyId: String, purpose: String, legalBasis: String, requestId: String, now: Int64) async throws {
        try await store.write { db in
            try db.execute(
                """
                INSERT INTO exchange_batches (id, member, subsystem, key_id, purpose, legal_basis, request_id, status, created_at, lease_until)
                VALUES (?,?,?,?,?,?,?,?,?,?)
                """,
                [
                    .text(id), .text(subsystem.member), .text(subsystem.code), .text(keyId), .text(purpose), .text(legalBasis), .text(requestId),
                    .text(BatchJob.Status.receiving.rawValue), .int(now), .int(now + Self.uploadLease),
                ])
        }
    }

    func unfinished(of subsystem: Subsystem) async throws -> Int {
        try await store.readOne { db in
            Int(
                try db.queryOne(
                    "SELECT COUNT(*) AS n FROM exchange_batches WHERE member = ? AND subsystem = ? AND status IN ('receiving', 'queued', 'running')",
                    [.text(subsystem.member), .text(subsystem.code)])?.int("n") ?? 0)
        }
    }

    /// Lines taken in and not yet worked, and the batches unfinished, over all members: for monitoring.
    func backlog() async throws -> (lines: Int64, batches: Int) {
        try await store.readOne { db in
            let row = try db.queryOne(
                """
                SELECT COALESCE(SUM(lines - processed), 0) AS lines, COUNT(*) AS batches FROM exchange_batches
                WHERE status IN ('receiving', 'queued', 'running')
                """)
            return (row?["lines"].int ?? 0, Int(row?["batches"].int ?? 0))
        }
    }

    /// Keeps chunks of the upload; renews its lease.
    func receive(_ id: String, chunks: [(index: Int, chunk: LineChunker.Chunk)], now: Int64) async throws {
        guard !chunks.isEmpty else { return }
        try await store.write { db in
            try db.bulkInsert(
                table: "exchange_batch_input", columns: ["batch_id", "chunk", "first_line", "lines", "data"],
                rows: chunks.map { [.text(id), .int(Int64($0.index)), .int($0.chunk.firstLine), .int(Int64($0.chunk.lines)), .blob($0.chunk.data)] })
            try db.execute("UPDATE exchange_batches SET lease_until = ? WHERE id = ?", [.int(now + Self.uploadLease), .text(id)])
        }
    }

    /// Every line is in and its digest checked: the job waits for the worker.
    func seal(_ id: String, lines: Int64, bytes: Int64) async throws {
        try await store.write { db in
            try db.execute(
                "UPDATE exchange_batches SET status = 'queued', lines = ?, bytes = ?, lease_until = NULL WHERE id = ? AND status = 'receiving'",
                [.int(lines), .int(bytes), .text(id)])
        }
    }

    /// Stops a job for `reason` and drops what it kept but its counts.
    func fail(_ id: String, reason: String, now: Int64) async throws {
        try await store.write { db in
            try db.execute(
                "UPDATE exchange_batches SET status = 'failed', failure = ?, finished_at = ?, expires_at = ?, lease_until = NULL WHERE id = ?",
                [.text(String(reason.prefix(500))), .int(now), .int(now + BatchJob.keptFor), .text(id)])
            try db.execute("DELETE FROM exchange_batch_input WHERE batch_id = ?", [.text(id)])
            try db.execute("DELETE FROM exchange_batch_results WHERE batch_id = ?", [.text(id)])
        }
    }

    func job(_ id: String) async throws -> BatchJob? {
        try await store.readOne { db in
            try db.queryOne("SELECT \(Self.columns) FROM exchange_batches WHERE id = ?", [.text(id)]).map(Self.job)
        }
    }

    /// The oldest job waiting or running that no worker holds, now held by this one; nil when none.
    func claim(now: Int64) async throws -> BatchJob? {
        try await store.write { db in
            guard
                let row = try db.queryOne(
                    """
                    SELECT id FROM exchange_batches WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < ?)
                    ORDER BY created_at LIMIT 1
                    """, [.int(now)]),
                let id = row["id"].string
            else { return nil }
            // The lease is checked again in the update itself: two servers that both saw it free get it once.
            return try db.queryOne(
                """
                UPDATE exchange_batches SET status = 'running', lease_until = ?
                WHERE id = ? AND status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < ?) RETURNING \(Self.columns)
                """, [.int(now + Self.workLease), .text(id), .int(now)]
            ).map(Self.job)
        }
    }

    /// Uploads whose lease ran out before they were sealed: the server that received them stopped.
    func interruptedUploads(now: Int64) async throws -> [String] {
        try await store.read { db in
            try db.query("SELECT id FROM exchange_batches WHERE status = 'receiving' AND lease_until < ?", [.int(now)]).compactMap { $0["id"].string }
        }
    }

    /// The job's next `limit` chunks of lines to work on, with their numbers; empty when every chunk has its results.
    func nextInputs(_ id: String, limit: Int) async throws -> [(index: Int, chunk: LineChunker.Chunk)] {
        try await store.readOne { db in
            try db.query(
                "SELECT chunk, first_line, lines, data FROM exchange_batch_input WHERE batch_id = ? ORDER BY chunk LIMIT ?",
                [.text(id), .int(Int64(limit))]
            ).map { row in
                guard case .blob(let data) = row["data"] else { throw StoreError.unexpectedValue(column: "data") }
                return (Int(try row.int("chunk")), LineChunker.Chunk(firstLine: try row.int("first_line"), lines: Int(try row.int("lines")), data: data))
            }
        }
    }

    /// A chunk's results, the job's counts and lease, and the chunk's lines dropped, in one transaction.
    /// Chunks may complete out of order (the worker does a few at once): a chunk without results is one
    /// whose lines are still kept, so a restart finds exactly those.
    func complete(_ id: String, chunk index: Int, results: [UInt8], lines: Int, matched: Int, errors: Int, now: Int64) async throws {
        try await store.write { db in
            try db.execute(
                "INSERT INTO exchange_batch_results (batch_id, chunk, data) VALUES (?,?,?)", [.text(id), .int(Int64(index)), .blob(results)])
            try db.execute("DELETE FROM exchange_batch_input WHERE batch_id = ? AND chunk = ?", [.text(id), .int(Int64(index))])
            try db.execute(
                """
                UPDATE exchange_batches SET processed = processed + ?, matched = matched + ?, errors = errors + ?, lease_until = ? WHERE id = ?
                """,
                [.int(Int64(lines)), .int(Int64(matched)), .int(Int64(errors)), .int(now + Self.workLease), .text(id)])
        }
    }

    /// Lets another turn (or another server) pick the job up where it stands.
    func release(_ id: String) async throws {
        try await store.write { db in try db.execute("UPDATE exchange_batches SET lease_until = NULL WHERE id = ?", [.text(id)]) }
    }

    func finish(_ id: String, digest: String, bytes: Int64, now: Int64) async throws {
        try await store.write { db in
            try db.execute(
                """
                UPDATE exchange_batches SET status = 'done', result_digest = ?, result_bytes = ?, finished_at = ?, expires_at = ?, lease_until = NULL
                WHERE id = ?
                """,
                [.text(digest), .int(bytes), .int(now), .int(now + BatchJob.keptFor), .text(id)])
        }
    }

    /// Up to `limit` result chunks after chunk `after`, in order.
    func results(_ id: String, after: Int, limit: Int) async throws -> [(index: Int, data: [UInt8])] {
        try await store.readOne { db in
            try db.query(
                "SELECT chunk, data FROM exchange_batch_results WHERE batch_id = ? AND chunk > ? ORDER BY chunk LIMIT ?",
                [.text(id), .int(Int64(after)), .int(Int64(limit))]
            ).map { row in
                guard case .blob(let data) = row["data"] else { throw StoreError.unexpectedValue(column: "data") }
                return (Int(try row.int("chunk")), data)
            }
        }
    }

    /// Drops the results of jobs kept past their time; the jobs themselves stay, as a record.
    func purgeExpired(now: Int64) async throws -> Int {
        try await store.write { db in
            let ids = try db.query(
                "SELECT id FROM exchange_batches WHERE expires_at < ? AND status IN ('done', 'failed') AND result_digest IS NOT NULL", [.int(now)]
            ).compactMap { $0["id"].string }
            for id in ids {
                try db.execute("DELETE FROM exchange_batch_results WHERE batch_id = ?", [.text(id)])
                try db.execute("UPDATE exchange_batches SET result_digest = NULL WHERE id = ?", [.text(id)])
            }
            return ids.count
        }
    }

    static func job(_ row: SQLRow) throws -> BatchJob {
        guard let status = BatchJob.Status(rawValue: try row.string("status")) else { throw StoreError.unexpectedValue(column: "status") }
        return BatchJob(
            id: try row.string("id"), subsystem: try Subsystem(member: try row.string("member"), code: try row.string("subsystem")),
            keyId: try row.string("key_id"), purpose: try row.string("purpose"), legalBasis: try row.string("legal_basis"),
            requestId: try row.string("request_id"), status: status, lines: try row.int("lines"), bytes: try row.int("bytes"),
            processed: try row.int("processed"), matched: try row.int("matched"), errors: try row.int("errors"),
            resultDigest: row["result_digest"].string, resultBytes: row["result_bytes"].int, failure: row["failure"].string,
            createdAt: try row.int("created_at"),
            finishedAt: row["finished_at"].int, expiresAt: row["expires_at"].int)
    }
}
