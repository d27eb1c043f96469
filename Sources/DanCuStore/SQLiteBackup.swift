import Foundation
import GRDB

/// Copies of SQLite files taken while they are in use, through SQLite's online backup API.
public enum SQLiteBackup {
    /// Copies the database at `source` into a new file at `destination`, checked with `PRAGMA
    /// quick_check` before it counts, as a single file (rollback journal, no `-wal`). Returns its size in
    /// bytes.
    ///
    /// A file in WAL mode is copied page by page in one step, which is one read transaction: the copy is
    /// the database as one commit left it, while writers go on (in WAL mode readers never block them).
    /// A file with a rollback journal (`SQLiteStore.Journal.rollback`: content written once) would hold
    /// its writer back for the whole copy, so it is copied a few rows at a time, each batch in a short
    /// read transaction of its own (`copyRows`).
    @discardableResult
    public static func copy(from source: String, to destination: String) throws -> Int64 {
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.backend("no database at \(source)") }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError.backend("\(destination) exists already: a backup never overwrites a file")
        }
        _ = SQLiteLibrary.configured
        do {
            var readOnly = Configuration()
            readOnly.readonly = true
            readOnly.busyMode = .timeout(30)
            let from = try DatabaseQueue(path: source, configuration: readOnly)
            let to = try DatabaseQueue(path: destination)
            if try from.read({ db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }) == "wal" {
                try from.backup(to: to)
            } else {
                try copyRows(from: from, to: to)
            }
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

    /// The rows a batch reads at most: a row may hold a scan of up to 10 MB.
    static let rowsPerRead = 8

    /// The tables first, then each table's rows in rowid order, `rowsPerRead` at a time, each batch in
    /// a read transaction of its own; indexes, views and triggers last. The copy holds every row that was
    /// there when the copy began and was not deleted before its batch was read, and perhaps rows written
    /// since: for rows that are only ever added or deleted, the state of one moment plus some newer rows,
    /// never a row half-written. (Tables without rowid are copied in one read each: none holds content.)
    static func copyRows(from: DatabaseQueue, to: DatabaseQueue) throws {
        let schema = try from.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
                .map { (type: $0["type"] as String, name: $0["name"] as String, sql: $0["sql"] as String) }
        }
        try to.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096")
            for table in schema where table.type == "table" { try db.execute(sql: table.sql) }
        }
        for table in schema where table.type == "table" {
            let name = quoted(table.name)
            let hasRowid = !table.sql.uppercased().contains("WITHOUT ROWID")
            var after = Int64.min
            while true {
                let rows = try from.read { db in
                    hasRowid
                        ? try Row.fetchAll(
                            db, sql: "SELECT rowid AS dancu_rowid, * FROM \(name) WHERE rowid > ? ORDER BY rowid LIMIT ?", arguments: [after, rowsPerRead])
                        : try Row.fetchAll(db, sql: "SELECT * FROM \(name)")
                }
                guard !rows.isEmpty else { break }
                try to.write { db in
                    for row in rows {
                        // The rowid is kept too: the copy's rows keep their order and their identity.
                        let columns = row.columnNames.map { $0 == "dancu_rowid" ? "rowid" : quoted($0) }
                        let marks = Array(repeating: "?", count: columns.count).joined(separator: ",")
                        try db.execute(
                            sql: "INSERT INTO \(name) (\(columns.joined(separator: ","))) VALUES (\(marks))",
                            arguments: StatementArguments(Array(row.databaseValues)))
                    }
                }
                guard hasRowid, rows.count == rowsPerRead, let last = rows.last?["dancu_rowid"] as Int64? else { break }
                after = last
            }
        }
        // Indexes, views and triggers once the rows are in: a trigger made first would fire on the copy.
        try to.writeWithoutTransaction { db in
            for entry in schema where entry.type != "table" { try db.execute(sql: entry.sql) }
        }
    }

    private static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
