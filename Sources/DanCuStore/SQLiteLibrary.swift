import CDanCuSQLite

/// SQLite's settings for the whole process, made once, before the first connection opens (SQLite
/// takes them only then). Every opener of a SQLite file in this module asks for `configured` first.
enum SQLiteLibrary {
    /// Memory statistics off: with them on, each of SQLite's allocations and frees takes one mutex
    /// shared by every connection of the process, and the readers of the request threads and the
    /// writers of the register and the logs queued on it (seen with `perf` as futex waits under
    /// `sqlite3Malloc` and `sqlite3_free`). DanCu reads no SQLite memory figure and sets no heap limit.
    /// False when something opened SQLite before us: the setting then stays the library's.
    static let configured: Bool = dancu_sqlite_disable_memory_statistics() == 0
}
