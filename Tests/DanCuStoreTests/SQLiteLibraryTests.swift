import DanCuStore
import Foundation
import GRDBSQLite
import Testing

/// SQLite's process-wide settings are made before its first connection: with its memory statistics
/// on, each allocation inside SQLite took one mutex shared by every reader and writer of the process.
@Suite struct SQLiteLibraryTests {
    @Test func memoryIsNotCountedOnceAStoreHasOpened() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-library-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("library.sqlite").path)
        try await store.write { db in
            try db.execute("CREATE TABLE rows (n INTEGER PRIMARY KEY, text TEXT NOT NULL)", [])
            for n in 0..<200 { try db.execute("INSERT INTO rows (n, text) VALUES (?, ?)", [.int(Int64(n)), .text(String(repeating: "x", count: 500))]) }
        }
        let count = try await store.read { db in try db.query("SELECT count(*) AS c FROM rows", []).first?["c"].int }
        #expect(count == 200)
        // Counted, this would be the bytes SQLite holds for the connections and their caches: far above zero.
        #expect(sqlite3_memory_used() == 0)
        #expect(sqlite3_memory_highwater(0) == 0)
        await store.close()
    }
}
