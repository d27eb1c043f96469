import DanCuStore
import Foundation
import Synchronization
import Testing

/// SQLite's writes that queue behind a busy writer share its next commit, and each is still its own:
/// one that fails is rolled back alone, and every caller gets its own outcome.
@Suite struct SQLiteWriteGroupsTests {
    struct Refused: Error, Equatable {}

    @Test func writesQueuedBehindTheWriterShareACommitAndFailAlone() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-write-groups-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("groups.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.write { db in try db.execute("CREATE TABLE numbers (n BIGINT PRIMARY KEY)", []) }
        try await store.write { db in try db.execute("INSERT INTO numbers (n) VALUES (7)", []) }
        let walBefore = Self.size(path + "-wal")

        // The first write holds the writer until the others have queued behind it.
        let holding = Mutex(true)
        let entered = Mutex(false)
        let first = Task {
            try await store.write { db in
                entered.withLock { $0 = true }
                for _ in 0..<5_000 where holding.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.001) }
                try db.execute("INSERT INTO numbers (n) VALUES (1000)", [])
                return 1000
            }
        }
        while !entered.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
        let queued = Task {
            try await withThrowingTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
                for n in 1...40 {
                    group.addTask {
                        do {
                            return (
                                n,
                                .success(
                                    try await store.write { db in
                                        try db.execute("INSERT INTO numbers (n) VALUES (?)", [.int(Int64(n))])
                                        // Its row is in, and then it refuses: the row must go with it.
                                        if n == 13 { throw Refused() }
                                        return n * 10
                                    })
                            )
                        } catch { return (n, .failure(error)) }
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        holding.withLock { $0 = false }
        #expect(try await first.value == 1000)
        let outcomes = try await queued.value

        for n in 1...40 where n != 7 && n != 13 {
            #expect((try? outcomes[n]?.get()) == n * 10)
        }
        // 7 was in the table already: its insert fails alone.
        #expect(throws: StoreError.self) { try outcomes[7]?.get() }
        #expect(throws: Refused.self) { try outcomes[13]?.get() }
        let stored = try await store.read { db in try db.query("SELECT n FROM numbers ORDER BY n", []).compactMap { $0["n"].int } }
        #expect(stored == (1...40).filter { $0 != 13 }.map(Int64.init) + [1000])

        // Forty-one commits would have written at least forty-one pages to the WAL; a few commits write a few.
        let frames = (Self.size(path + "-wal") - walBefore) / (4096 + 24)
        #expect(frames < 20, "the WAL grew by \(frames) pages for 41 writes")
        await store.close()
    }

    /// A write alone in its transaction runs without a savepoint: one that fails must still leave
    /// nothing behind and give its caller its own error, and the writer go on.
    @Test func aWriteAloneThatFailsLeavesNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-write-alone-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("alone.sqlite").path)
        try await store.write { db in try db.execute("CREATE TABLE numbers (n BIGINT PRIMARY KEY)", []) }
        try await store.write { db in try db.execute("INSERT INTO numbers (n) VALUES (7)", []) }

        await #expect(throws: Refused.self) {
            try await store.write { db in
                try db.execute("INSERT INTO numbers (n) VALUES (8)", [])
                throw Refused()
            }
        }
        await #expect(throws: StoreError.self) {
            try await store.write { db in
                try db.execute("INSERT INTO numbers (n) VALUES (9)", [])
                try db.execute("INSERT INTO numbers (n) VALUES (7)", [])
            }
        }
        try await store.write { db in try db.execute("INSERT INTO numbers (n) VALUES (10)", []) }
        let stored = try await store.read { db in try db.query("SELECT n FROM numbers ORDER BY n", []).compactMap { $0["n"].int } }
        #expect(stored == [7, 10])
        await store.close()
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }
}
