import GRDBSQLite
import Synchronization

/// Read-only connections to a SQLite file, for the store's reads, beside GRDB's writer.
///
/// GRDB's pool hands a reader out through a dispatch queue per connection and a barrier-locked pool;
/// with two threads reading, those hand-offs (futex waits and wake-ups) cost more than a point read by
/// personal number itself, and reads stopped scaling past one core (measured with `dancu-bench
/// read-path`). Here a reader is taken from a locked list, used on the calling thread, and put back.
/// A read never waits for a connection: when none is idle it opens one, and at most `keptIdle` are kept.
final class SQLiteReaders: Sendable {
    private let path: String
    private let idle = Mutex<[SQLiteReader]>([])
    private let closed = Atomic<Bool>(false)
    static let keptIdle = 16

    init(path: String) { self.path = path }

    func withReader<T>(_ body: (SQLiteReader) throws -> T) throws -> T {
        guard !closed.load(ordering: .relaxed) else { throw StoreError.closed }
        let reader = try idle.withLock { $0.popLast() } ?? SQLiteReader(path: path)
        defer {
            idle.withLock { readers in
                if readers.count < Self.keptIdle && !closed.load(ordering: .relaxed) { readers.append(reader) }
            }
        }
        return try body(reader)
    }

    func close() {
        closed.store(true, ordering: .relaxed)
        idle.withLock { $0.removeAll() }
    }
}

/// One read-only connection with its prepared statements. Used by one thread at a time: it is in the
/// idle list or in exactly one caller's hands.
final class SQLiteReader: @unchecked Sendable {
    let handle: OpaquePointer
    private var statements: [String: (statement: OpaquePointer, columns: [String])] = [:]

    static let cacheKiB = 8_192

    init(path: String) throws {
        _ = SQLiteLibrary.configured
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(code)"
            sqlite3_close_v2(handle)
            throw StoreError.backend("SQLite: cannot open \(path) for reading: \(message)")
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 30_000)
        // Reads copy pages with pread(2) rather than map the file: a page fault on a mapped file that
        // is not in memory reads the disk's whole readahead window around it (8 MiB here), and a first
        // read of someone at 10 million people waited 18 ms at p99 for it; pread reads the one page
        // (bench/cold_reads.py: p99 0.6 ms against 11 ms mapped). Warm, mapping saved 1 to 3 µs of a
        // 28 µs gated read (`dancu-bench read-path`). With up to `keptIdle` readers a file, each
        // reader's cache is kept small: under writes it is emptied at every new snapshot anyway.
        for pragma in ["PRAGMA mmap_size = 0", "PRAGMA cache_size = -\(Self.cacheKiB)"] {
            sqlite3_exec(handle, pragma, nil, nil, nil)
        }
    }

    deinit {
        for (statement, _) in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// At most this many statements are kept prepared; past it they are all dropped and prepared again
    /// as they come (statements with a list of `?` differ by length, so their number has no fixed bound).
    static let keptStatements = 256

    /// The prepared statement for `sql` and its column names, prepared once per connection.
    func statement(_ sql: String) throws -> (statement: OpaquePointer, columns: [String]) {
        if let prepared = statements[sql] { return prepared }
        if statements.count >= Self.keptStatements {
            for (statement, _) in statements.values { sqlite3_finalize(statement) }
            statements.removeAll(keepingCapacity: true)
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
            throw error()
        }
        let columns = (0..<sqlite3_column_count(statement)).map { i in
            sqlite3_column_name(statement, i).map { String(cString: $0) } ?? "column\(i)"
        }
        statements[sql] = (statement, columns)
        return (statement, columns)
    }

    func error() -> StoreError {
        .backend("SQLite: " + String(cString: sqlite3_errmsg(handle)))
    }
}

/// A reader's connection as the use cases see it: statements that read, nothing that writes.
struct SQLiteReadConnection: SQLConnection {
    let reader: SQLiteReader
    let statementBudget: StatementBudget?
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ binds: [SQLValue]) throws {
        _ = try run(sql, binds, keepRows: false)
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        try run(sql, binds, keepRows: true)
    }

    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) throws {
        throw StoreError.backend("SQLite: a read cannot insert into \(table)")
    }

    /// Transaction control on the connection itself, outside the statement budget.
    func control(_ sql: String) throws {
        guard sqlite3_exec(reader.handle, sql, nil, nil, nil) == SQLITE_OK else { throw reader.error() }
    }

    private func run(_ sql: String, _ binds: [SQLValue], keepRows: Bool) throws -> [SQLRow] {
        try statementBudget?.spend(sql)
        let (statement, columns) = try reader.statement(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try SQLiteBinding.bind(binds, to: statement, of: sql)
        return try SQLiteBinding.rows(of: statement, columns: keepRows ? columns : nil, failure: reader.error)
    }
}
