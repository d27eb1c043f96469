import GRDB
import Synchronization

/// Group commit for a SQLite store's writes: the writes that arrive while the one writer is busy go
/// together in its next transaction, each inside a savepoint of its own, and each caller resumes with
/// its own outcome once that transaction committed.
///
/// A write is still atomic and isolated: it runs alone on the writer, after the writes before it, and
/// one that throws is rolled back to its savepoint without touching the others. It is durable when
/// its caller resumes, as before. What the group shares is the commit: the pages that every write
/// touches (the tables' last leaves, the indexes' upper levels) go into the WAL once a transaction
/// instead of once a write. Timed inside the register's writer on an online birth's mix (births,
/// applications, the access log's outbox), a commit held the writer longer than the write's own work
/// (docs/architecture.md, "Register writes are group-committed").
///
/// If SQLite ends the whole transaction itself (a full disk, an I/O error), the rollback to the
/// savepoint fails and every write of the group fails with that error.
final class SQLiteWriteGroups: Sendable {
    typealias Work = @Sendable (Database) throws -> any Sendable
    private typealias Waiter = CheckedContinuation<any Sendable, any Error>

    private struct Pending: ~Copyable {
        var works: [Work] = []
        var waiters: [Waiter] = []
        /// A transaction that will take the pending writes is on its way.
        var scheduled = false
    }

    private let pool: DatabasePool
    private let state = Mutex(Pending())

    init(pool: DatabasePool) {
        self.pool = pool
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let outcome = try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let schedule = state.withLock { pending in
                pending.works.append { db in try work(db) }
                pending.waiters.append(waiter)
                defer { pending.scheduled = true }
                return !pending.scheduled
            }
            if schedule { Task { await self.commit() } }
        }
        guard let typed = outcome as? T else { throw StoreError.backend("a grouped write gave \(type(of: outcome)), not \(T.self)") }
        return typed
    }

    /// One transaction for the writes pending when it runs.
    private func commit() async {
        let taken = Taken()
        do {
            let outcomes = try await pool.write { db in
                try taken.take(from: self).map { work in try Self.alone(work, in: db) }
            }
            taken.resume(with: .success(outcomes))
        } catch {
            // A transaction that could not begin takes its batch only now, and fails it.
            _ = taken.take(from: self)
            taken.resume(with: .failure(error))
        }
    }

    /// One write inside a savepoint: its outcome, or its error with its changes rolled back. Throws
    /// only when the savepoint cannot be rolled back (SQLite ended the transaction).
    private static func alone(_ work: Work, in db: Database) throws -> Result<any Sendable, any Error> {
        try db.execute(sql: "SAVEPOINT dancu_write")
        do {
            let outcome = try work(db)
            try db.execute(sql: "RELEASE SAVEPOINT dancu_write")
            return .success(outcome)
        } catch {
            try db.execute(sql: "ROLLBACK TO SAVEPOINT dancu_write")
            try db.execute(sql: "RELEASE SAVEPOINT dancu_write")
            return .failure(error)
        }
    }

    private func takePending() -> ([Work], [Waiter]) {
        state.withLock { pending in
            defer {
                pending.works = []
                pending.waiters = []
                pending.scheduled = false
            }
            return (pending.works, pending.waiters)
        }
    }

    /// The batch a transaction took, kept so that its callers are resumed whether it commits or fails.
    private final class Taken: Sendable {
        private let batch = Mutex<(works: [Work], waiters: [Waiter], taken: Bool)>(([], [], false))

        func take(from groups: SQLiteWriteGroups) -> [Work] {
            batch.withLock { batch in
                if !batch.taken {
                    (batch.works, batch.waiters) = groups.takePending()
                    batch.taken = true
                }
                return batch.works
            }
        }

        func resume(with result: Result<[Result<any Sendable, any Error>], any Error>) {
            let waiters = batch.withLock { batch in
                defer { batch.waiters = [] }
                return batch.waiters
            }
            switch result {
            case .success(let outcomes) where outcomes.count == waiters.count:
                for (waiter, outcome) in zip(waiters, outcomes) { waiter.resume(with: outcome) }
            case .success(let outcomes):
                let error = StoreError.backend("a grouped write gave \(outcomes.count) outcomes for \(waiters.count) writes")
                for waiter in waiters { waiter.resume(throwing: error) }
            case .failure(let error):
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
    }
}
