import DanCuStore
import Foundation
import Testing

/// The file of write-once content (attachments) keeps a rollback journal: a file kept in WAL mode before
/// is converted when it opens, with its rows; writes still group and fail alone; and a backup taken
/// while it is written copies it a few rows at a time, every row that was there when the copy began,
/// none half-written, into a file that passes its check.
@Suite struct RollbackJournalTests {
    struct Refused: Error {}

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-rollback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func journalMode(_ store: any Store) async throws -> String? {
        try await store.write { db in try db.query("PRAGMA journal_mode", []).first?["journal_mode"].string }
    }

    @Test func aFileInWALModeIsConvertedWithItsRowsAndWritesStillFailAlone() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("files.sqlite").path
        let before = try SQLiteStore(path: path)
        try await before.write { db in
            try db.execute("CREATE TABLE boxes (name TEXT PRIMARY KEY, content BLOB NOT NULL)", [])
            try db.execute("INSERT INTO boxes (name, content) VALUES ('old', ?)", [.blob(Array(repeating: 7, count: 10_000))])
        }
        #expect(try await Self.journalMode(before) == "wal")
        await before.close()

        let store = try StoreFactory.open("sqlite:" + path, for: .writeOnceContent)
        #expect(try await Self.journalMode(store) == "persist")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for n in 0..<20 {
                group.addTask {
                    do {
                        try await store.write { db in
                            try db.execute(
                                "INSERT INTO boxes (name, content) VALUES (?, ?)", [.text("box-\(n)"), .blob(Array(repeating: UInt8(n), count: 70_000))])
                            if n == 13 { throw Refused() }
                        }
                        return (n, true)
                    } catch { return (n, false) }
                }
            }
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.filter { !$0.value }.map(\.key) == [13])
        let names = try await store.read { db in try db.query("SELECT name, length(content) AS bytes FROM boxes ORDER BY name", []) }
        #expect(names.count == 20)
        #expect(names.first?["name"].string == "box-0" && names.last?["name"].string == "old")
        #expect(names.allSatisfy { $0["name"].string == "old" ? $0["bytes"].int == 10_000 : $0["bytes"].int == 70_000 })
        await store.close()
    }

    @Test func aBackupWhileWritingHoldsEveryRowOfItsStartWhole() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("files.sqlite").path
        let store = try SQLiteStore(path: source, journal: .rollback)
        try await store.write { db in
            try db.execute("CREATE TABLE boxes (n INTEGER NOT NULL, name TEXT NOT NULL, content BLOB NOT NULL, PRIMARY KEY (name, n))", [])
            try db.execute("CREATE INDEX boxes_by_n ON boxes (n)", [])
            try db.execute("CREATE TABLE mark (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)", [])
        }
        /// Box `n` holds n's bytes, and the mark says the last box written, in the same commit.
        @Sendable func put(_ n: Int) async throws {
            try await store.write { db in
                try db.execute(
                    "INSERT INTO boxes (n, name, content) VALUES (?, ?, ?)",
                    [.int(Int64(n)), .text("box-\(n % 7)"), .blob(Array(repeating: UInt8(n % 256), count: 5_000))])
                try db.execute("INSERT INTO mark (id, n) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET n = excluded.n", [.int(Int64(n))])
            }
        }
        for n in 1...200 { try await put(n) }
        let writer = Task {
            for n in 201...700 { try await put(n) }
        }
        let copy = directory.appendingPathComponent("copy.sqlite").path
        let bytes = try SQLiteBackup.copy(from: source, to: copy)
        try await writer.value
        #expect(bytes > 200 * 5_000)
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"))

        let copied = try SQLiteStore(path: copy)
        let (rows, index, mark) = try await copied.read { db in
            (
                try db.query("SELECT n, length(content) AS bytes, hex(substr(content, 1, 1)) AS first FROM boxes ORDER BY n", []),
                try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'boxes_by_n'", []).count,
                try db.query("SELECT n FROM mark WHERE id = 1", []).first?["n"].int
            )
        }
        let numbers = rows.compactMap { $0["n"].int }
        // Every box of the copy's start, then perhaps some written during it, none twice, none cut short.
        #expect(Array(numbers.prefix(200)) == Array(1...200))
        #expect(numbers == Array(1...Int64(numbers.count)))
        #expect(
            rows.allSatisfy { row in
                row["bytes"].int == 5_000 && row["first"].string == String(format: "%02X", Int(row["n"].int ?? 0) % 256)
            })
        #expect(index == 1)
        #expect((mark ?? 0) >= 200)
        await copied.close()
        #expect(try await Self.journalMode(store) == "persist")
        await store.close()
    }
}
