/// Group commit for small writes many requests make at once (a message-log line, a nonce): items go
/// together in one transaction, and each caller resumes with its own item's outcome once that
/// transaction committed. One transaction for many requests, and no caller goes on before its write is
/// durable. The store may put the batches of several group commits in one transaction
/// (`Store.groupWrite`).
///
/// The batch is taken when its transaction runs, not when it is handed to the store: every item that
/// arrived until then goes in. A group commit that held its batch while the store's shared transaction
/// was busy with other logs' batches made each item wait for two transactions instead of one.
public final class GroupCommit<Item: Sendable, Outcome: Sendable>: Sendable {
    let store: any Store
    /// Writes a batch in one transaction; returns one outcome per item, in order.
    let work: @Sendable ([Item], any SQLConnection) throws -> [Outcome]
    /// Runs once a batch's transaction committed, before its callers resume, with the items and their
    /// outcomes: one call a batch, where each caller alone would take a lock of its own.
    let committed: (@Sendable ([Item], [Outcome]) -> Void)?
    private let pending = PendingBatch<Item, Outcome>()

    public init(
        store: any Store, work: @escaping @Sendable ([Item], any SQLConnection) throws -> [Outcome],
        committed: (@Sendable ([Item], [Outcome]) -> Void)? = nil
    ) {
        self.store = store
        self.work = work
        self.committed = committed
    }

    public func submit(_ item: Item) async throws -> Outcome {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Outcome, any Error>) in
            if pending.add(item, waiter: waiter) { Task { await self.flush() } }
        }
    }

    /// One transaction for what is pending when it runs; its callers resume once it committed.
    private func flush() async {
        let taken = pending.batch()
        do {
            let work = self.work
            let outcomes = try await store.groupWrite { db in
                try work(taken.take(), db)
            }
            if let committed { committed(taken.items, outcomes) }
            taken.resume(with: .success(outcomes.map { .success($0) }))
        } catch {
            // A transaction that failed before it took the batch (another log's batch in it failed first)
            // fails the pending items too, as it would have had it taken them.
            taken.resume(with: .failure(error))
        }
    }
}
