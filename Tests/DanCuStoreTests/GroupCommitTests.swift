import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Synchronization
import Testing

/// A group commit's callers resume with their own outcomes once the shared transaction committed, and
/// its `committed` hook sees each committed batch once, before they resume; a batch whose transaction
/// failed reaches neither the table nor the hook.
@Suite struct GroupCommitTests {
    @Test(arguments: Backend.all) func theHookSeesEachCommittedBatchOnceAndNoFailedOne(backend: Backend) async throws {
        try await backend.withRegister { register in
            let store = register.store
            try await store.write { db in try db.execute("CREATE TABLE group_commit_test (n BIGINT PRIMARY KEY)", []) }
            let seen = Mutex<[Int]>([])
            let commit = GroupCommit<Int, Int>(
                store: store,
                work: { items, db in
                    for n in items { try db.execute("INSERT INTO group_commit_test (n) VALUES (?)", [.int(Int64(n))]) }
                    return items.map { $0 * 10 }
                },
                committed: { items, outcomes in
                    #expect(outcomes == items.map { $0 * 10 })
                    seen.withLock { $0 += items }
                })
            let outcomes = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for n in 1...40 { group.addTask { (n, try await commit.submit(n)) } }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes == Dictionary(uniqueKeysWithValues: (1...40).map { ($0, $0 * 10) }))
            #expect(seen.withLock { $0 }.sorted() == Array(1...40))
            // A number already in the table fails its transaction: nothing of that batch is kept or seen.
            await #expect(throws: (any Error).self) { try await commit.submit(7) }
            #expect(seen.withLock { $0 }.count == 40)
            let rows = try await store.read { db in try db.query("SELECT COUNT(*) AS n FROM group_commit_test", []).first?.int("n") }
            #expect(rows == 40)
        }
    }
}
