import Synchronization

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
    private let state = Mutex(Pending())

    private struct Pending: ~Copyable {
        var items: [Item] = []
        var waiters: [CheckedContinuation<Outcome, any Error>] = []
        /// A transaction that will take the pending items is on its way.
        var scheduled = false
    }

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
            let schedule = state.withLock { pending in
                pending.items.append(item)
                pending.waiters.append(waiter)
                defer { pending.scheduled = true }
                return !pending.scheduled
            }
            if schedule { Task { await self.flush() } }
        }
    }

    /// One transaction for what is pending when it runs; its callers resume once it committed.
    private func flush() async {
        let taken = Taken()
        do {
            let work = self.work
            let outcomes = try await store.groupWrite { db in
                try work(taken.take(from: self), db)
            }
            if let committed { committed(taken.items, outcomes) }
            taken.resume(with: .success(outcomes))
        } catch {
            // A transaction that failed before it took the batch (another log's batch in it failed first)
            // fails the pending items too, as it would have had it taken them.
            _ = taken.take(from: self)
            taken.resume(with: .failure(error))
        }
    }

    /// The items pending now and their callers; the next item schedules a transaction of its own.
    private func takePending() -> ([Item], [CheckedContinuation<Outcome, any Error>]) {
        state.withLock { pending in
            defer {
                pending.items = []
                pending.waiters = []
                pending.scheduled = false
            }
            return (pending.items, pending.waiters)
        }
    }

    /// The batch a transaction took, kept apart from the pending items so that its callers are resumed
    /// whether the transaction commits or fails.
    private final class Taken: Sendable {
        private let batch = Mutex<(items: [Item], waiters: [CheckedContinuation<Outcome, any Error>], taken: Bool)>(([], [], false))

        /// The pending items, taken once: a transaction that ran its work again would get the same ones.
        func take(from commit: GroupCommit) -> [Item] {
            batch.withLock { batch in
                if !batch.taken {
                    (batch.items, batch.waiters) = commit.takePending()
                    batch.taken = true
                }
                return batch.items
            }
        }

        /// The items taken, once the transaction ran.
        var items: [Item] { batch.withLock { $0.items } }

        func resume(with result: Result<[Outcome], any Error>) {
            let waiters = batch.withLock { batch in
                defer { batch.waiters = [] }
                return batch.waiters
            }
            switch result {
            case .success(let outcomes) where outcomes.count == waiters.count:
                for (waiter, outcome) in zip(waiters, outcomes) { waiter.resume(returning: outcome) }
            case .success(let outcomes):
                let error = StoreError.backend("a group commit gave \(outcomes.count) outcomes for \(waiters.count) items")
                for waiter in waiters { waiter.resume(throwing: error) }
            case .failure(let error):
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
    }
}
