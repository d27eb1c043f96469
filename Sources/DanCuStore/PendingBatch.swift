import Synchronization

/// Items waiting for the next transaction, with the callers waiting for their outcomes: what
/// `GroupCommit` and `SQLiteWriteGroups` share. The transaction takes whatever is pending when it runs
/// (not when it was scheduled), so everything that arrived meanwhile goes in; the next item after
/// that schedules a transaction of its own.
final class PendingBatch<Item: Sendable, Outcome: Sendable>: Sendable {
    typealias Waiter = CheckedContinuation<Outcome, any Error>

    private struct Pending: ~Copyable {
        var items: [Item] = []
        var waiters: [Waiter] = []
        /// A transaction that will take the pending items is on its way.
        var scheduled = false
    }

    private let state = Mutex(Pending())

    /// Adds `item`; true when no transaction is on its way to take it, so the caller must start one.
    func add(_ item: Item, waiter: Waiter) -> Bool {
        state.withLock { pending in
            pending.items.append(item)
            pending.waiters.append(waiter)
            defer { pending.scheduled = true }
            return !pending.scheduled
        }
    }

    /// What one transaction takes: made before the transaction starts, filled when it runs.
    func batch() -> Taken { Taken(from: self) }

    private func takePending() -> ([Item], [Waiter]) {
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
    final class Taken: Sendable {
        private let source: PendingBatch
        private let batch = Mutex<(items: [Item], waiters: [Waiter], taken: Bool)>(([], [], false))

        fileprivate init(from source: PendingBatch) {
            self.source = source
        }

        /// The pending items, taken once: a transaction that ran its work again would get the same ones.
        func take() -> [Item] {
            batch.withLock { batch in
                if !batch.taken {
                    (batch.items, batch.waiters) = source.takePending()
                    batch.taken = true
                }
                return batch.items
            }
        }

        /// The items taken, once the transaction ran.
        var items: [Item] { batch.withLock { $0.items } }

        /// Resumes each caller with its own outcome (one per item, in order), or all with the
        /// transaction's error. A transaction that failed before it took the batch fails what is
        /// pending now, as it would have had it taken them.
        func resume(with result: Result<[Result<Outcome, any Error>], any Error>) {
            if case .failure = result { _ = take() }
            let waiters = batch.withLock { batch in
                defer { batch.waiters = [] }
                return batch.waiters
            }
            switch result {
            case .success(let outcomes) where outcomes.count == waiters.count:
                for (waiter, outcome) in zip(waiters, outcomes) { waiter.resume(with: outcome) }
            case .success(let outcomes):
                let error = StoreError.backend("a transaction gave \(outcomes.count) outcomes for \(waiters.count) items")
                for waiter in waiters { waiter.resume(throwing: error) }
            case .failure(let error):
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
    }
}
