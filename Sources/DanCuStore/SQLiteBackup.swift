import Foundation
import GRDB

/// Copies of SQLite files taken while they are in use, through SQLite's online backup API.
public enum SQLiteBackup {
    /// Copies the database at `source` into a new file at `destination`, page by page in one step, which
    /// is one read transaction: the copy is the database as one commit left it, while writers go on (in
    /// WAL mode readers never block them). The copy is a single file (rollback journal, no `-wal`) and is
    /// checked with `PRAGMA quick_check` before it counts. Returns its size in bytes.
    @discardableResult
    public static func copy(from source: String, to destination: String) throws -> Int64 {
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.backend("no database at \(source)") }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError.backend("\(destination) exists already: a backup never overwrites a file")
        }
        do {
            var readOnly = Configuration()
            readOnly.readonly = true
            readOnly.busyMode = .timeout(30)
            let from = try DatabaseQueue(path: source, configuration: readOnly)
            let to = try DatabaseQueue(path: destination)
            try from.backup(to: to)
            try to.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                let verdict = try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "no answer"
                guard verdict == "ok" else { throw StoreError.backend("the copy of \(source) fails its check: \(verdict)") }
            }
            try from.close()
            try to.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.backend("cannot copy \(source): \(error)")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: destination)
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }
}
