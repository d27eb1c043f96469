/// Group commit for small writes many requests make at once (a message-log line, a nonce): items that
/// arrive while a batch is being written go together in the next transaction, and each caller resumes
/// with its own item's outcome once that transaction committed. One transaction for many requests, and
/// no caller goes on before its write is durable. The store may put the batches of several group
/// commits in one transaction (`Store.groupWrite`).
public actor GroupCommit<Item: Sendable, Outcome: Sendable> {
    let store: any Store
    /// Writes a batch in one transaction; returns one outcome per item, in order.
    let work: @Sendable ([Item], any SQLConnection) throws -> [Outcome]
    private var pending: [Item] = []
    private var waiting: [CheckedContinuation<Outcome, any Error>] = []
    private var flushing = false

    public init(store: any Store, work: @escaping @Sendable ([Item], any SQLConnection) throws -> [Outcome]) {
        self.store = store
        self.work = work
    }

    public func submit(_ item: Item) async throws -> Outcome {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Outcome, any Error>) in
            pending.append(item)
            waiting.append(waiter)
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !waiting.isEmpty {
            let batch = pending
            let waiters = waiting
            pending = []
            waiting = []
            do {
                let work = self.work
                let outcomes = try await store.groupWrite { db in try work(batch, db) }
                guard outcomes.count == waiters.count else {
                    throw StoreError.backend("a group commit gave \(outcomes.count) outcomes for \(waiters.count) items")
                }
                for (waiter, outcome) in zip(waiters, outcomes) { waiter.resume(returning: outcome) }
            } catch {
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
