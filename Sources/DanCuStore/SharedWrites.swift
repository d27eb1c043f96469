/// One transaction for the group commits of a PostgreSQL store (`GroupCommit`: nonce claims,
/// message-log lines, access-log entries): each group commit's batch that arrives while a transaction
/// commits goes in the next one, so three logs written by the same requests cost one commit, not three.
/// A batch that fails fails the others of its transaction too; they are small appends that fail only
/// when the database does. (SQLite's writer groups its writes itself: `SQLiteWriteGroups`.)
actor SharedWrites {
    typealias Work = @Sendable (any SQLConnection) throws -> any Sendable
    private var pending: [Work] = []
    private var waiting: [CheckedContinuation<any Sendable, any Error>] = []
    private var flushing = false

    /// Runs `work` in the next shared transaction of `store` (the store that owns this).
    func submit<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T, via store: any Store) async throws -> T {
        let outcome = try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<any Sendable, any Error>) in
            pending.append { db in try work(db) }
            waiting.append(waiter)
            if !flushing {
                flushing = true
                Task { await self.flush(store) }
            }
        }
        guard let typed = outcome as? T else { throw StoreError.backend("a shared write gave \(type(of: outcome)), not \(T.self)") }
        return typed
    }

    private func flush(_ store: any Store) async {
        while !waiting.isEmpty {
            let works = pending
            let waiters = waiting
            pending = []
            waiting = []
            do {
                let outcomes = try await store.write { db in try works.map { try $0(db) } }
                for (waiter, outcome) in zip(waiters, outcomes) { waiter.resume(returning: outcome) }
            } catch {
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
