import DanCuStore
import Foundation
import Testing

/// SQLite's online backup, taken while a writer goes on: the copy is the database as one commit left it
/// (a prefix of the writer's rows, none half-written), a single file that passes its check, and it never
/// overwrites a file.
@Suite struct SQLiteBackupTests {
    @Test func aCopyTakenWhileWritingHoldsWholeCommitsOnly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("live.sqlite").path
        let store = try SQLiteStore(path: source)
        try await store.write { db in
            try db.execute("CREATE TABLE commits (n INTEGER PRIMARY KEY, a TEXT NOT NULL)", [])
            try db.execute("CREATE TABLE halves (n INTEGER PRIMARY KEY, b TEXT NOT NULL)", [])
        }
        // Each commit writes one row into each table: a copy between the two would show a half.
        let writer = Task {
            for n in 1...3_000 {
                try await store.write { db in
                    try db.execute("INSERT INTO commits (n, a) VALUES (?, ?)", [.int(Int64(n)), .text(String(repeating: "a", count: 200))])
                    try db.execute("INSERT INTO halves (n, b) VALUES (?, ?)", [.int(Int64(n)), .text("b")])
                }
            }
        }
        while try await store.read({ db in try db.query("SELECT count(*) AS c FROM commits", []).first?["c"].int ?? 0 }) < 500 {
            try await Task.sleep(for: .milliseconds(5))
        }
        let copy = directory.appendingPathComponent("copy.sqlite").path
        let bytes = try SQLiteBackup.copy(from: source, to: copy)
        try await writer.value
        #expect(bytes > 0)
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"))

        let copied = try SQLiteStore(path: copy)
        let counts = try await copied.read { db in
            (
                try db.query("SELECT count(*) AS c, coalesce(max(n), 0) AS m FROM commits", []).first,
                try db.query("SELECT count(*) AS c FROM halves", []).first?["c"].int
            )
        }
        let rows = counts.0?["c"].int ?? -1
        #expect(rows >= 500 && rows < 3_000)
        #expect(counts.0?["m"].int == rows)  // a prefix: rows 1...rows, no gap
        #expect(counts.1 == rows)  // no commit copied in half
        await copied.close()

        #expect(throws: StoreError.self) { try SQLiteBackup.copy(from: source, to: copy) }
        #expect(throws: StoreError.self) { try SQLiteBackup.copy(from: directory.appendingPathComponent("none.sqlite").path, to: copy + "2") }
        await store.close()
    }
}
