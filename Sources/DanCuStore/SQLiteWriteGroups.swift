import GRDB

/// Group commit for a SQLite store's writes: the writes that arrive while the one writer is busy go
/// together in its next transaction, each inside a savepoint of its own (a write alone in its
/// transaction needs none), and each caller resumes with its own outcome once that transaction committed.
///
/// A write is still atomic and isolated: it runs alone on the writer, after the writes before it, and
/// one that throws is rolled back to its savepoint without touching the others. It is durable when
/// its caller resumes, as before. What the group shares is the commit: the pages that every write
/// touches (the tables' last leaves, the indexes' upper levels) go into the WAL once a transaction
/// instead of once a write. Timed inside the register's writer on an online birth's mix (births,
/// applications, the access log's outbox), a commit held the writer longer than the write's own work
/// (docs/architecture.md, "Transactions").
///
/// If SQLite ends the whole transaction itself (a full disk, an I/O error), the rollback to the
/// savepoint fails and every write of the group fails with that error.
final class SQLiteWriteGroups: Sendable {
    typealias Work = @Sendable (Database) throws -> any Sendable

    private let pool: any DatabaseWriter
    private let pending = PendingBatch<Work, any Sendable>()

    init(pool: any DatabaseWriter) {
        self.pool = pool
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let outcome = try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<any Sendable, any Error>) in
            if pending.add({ db in try work(db) }, waiter: waiter) { Task { await self.commit() } }
        }
        guard let typed = outcome as? T else { throw StoreError.backend("a grouped write gave \(type(of: outcome)), not \(T.self)") }
        return typed
    }

    /// One transaction for the writes pending when it runs.
    private func commit() async {
        let taken = pending.batch()
        do {
            let outcomes = try await pool.write { db in
                let works = taken.take()
                // A write alone in its transaction needs no savepoint: if it throws, the transaction
                // rolls back with its changes only, and its caller gets its error.
                if works.count == 1, let work = works.first { return [Result<any Sendable, any Error>.success(try work(db))] }
                return try works.map { work in try Self.alone(work, in: db) }
            }
            taken.resume(with: .success(outcomes))
        } catch {
            taken.resume(with: .failure(error))
        }
    }

    /// One write inside a savepoint: its outcome, or its error with its changes rolled back. Throws
    /// only when the savepoint cannot be rolled back (SQLite ended the transaction). The savepoint's
    /// statements are prepared once per connection, not once per write.
    private static func alone(_ work: Work, in db: Database) throws -> Result<any Sendable, any Error> {
        try db.cachedStatement(sql: "SAVEPOINT dancu_write").execute()
        do {
            let outcome = try work(db)
            try db.cachedStatement(sql: "RELEASE SAVEPOINT dancu_write").execute()
            return .success(outcome)
        } catch {
            try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT dancu_write").execute()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT dancu_write").execute()
            return .failure(error)
        }
    }
}
