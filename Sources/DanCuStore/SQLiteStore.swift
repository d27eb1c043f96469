import Foundation
import GRDB
import GRDBSQLite

/// SQLite: one file, written through GRDB's one writer, read through the store's own read-only
/// connections (`SQLiteReaders`). In WAL mode (`Journal`), except the file of write-once content.
public final class SQLiteStore: Store {
    /// How a file keeps its transactions.
    public enum Journal: Sendable {
        /// A write-ahead log that commits copy back into the file now and then (the register: readers
        /// never wait for the writer).
        case writeAhead
        /// The same, copied back by a connection of its own in the background (`Checkpointer`), so that
        /// no commit waits for it: for logs written all the time.
        case writeAheadCheckpointedInBackground
        /// A rollback journal (PERSIST) with a full sync at every commit: each new page is written once,
        /// into the file, where a write-ahead log writes it twice (into the log, then into the file). For
        /// content written once and read seldom: a birth notice of 64 KiB went through the disk's page
        /// cache twice, and copying it back was 5 % of an online birth's processor time. The price: a
        /// commit waits for readers that are reading, and readers wait during a commit; a backup copies
        /// such a file in short read transactions (`SQLiteBackup`).
        case rollback
    }

    public let dialect = SQLDialect.sqlite
    public let location: String
    private let pool: any DatabaseWriter
    /// Reads go through connections of the store's own (see `SQLiteReaders`); GRDB's pool writes.
    private let readers: SQLiteReaders
    /// Writes that arrive while the writer is busy share its next commit, each in a savepoint of its own.
    private let writes: SQLiteWriteGroups

    /// The register writer's page cache, and an append-only log writer's.
    public static let registerCacheKiB = 131_072
    public static let logCacheKiB = 16_384

    /// The one writer WAL allows and the readers kept open (a read that finds none idle opens another).
    public var poolSize: Int { 1 + SQLiteReaders.keptIdle }

    /// Checkpoints in the background, for files written all the time (the access log); nil otherwise.
    private let checkpointer: Checkpointer?

    /// With `.writeAheadCheckpointedInBackground`, commits never copy the WAL back into the file themselves: a
    /// background connection does it every second, in PASSIVE mode, which neither blocks nor waits for
    /// the writer. A commit that happens to trigger a checkpoint otherwise waits for the copy and two
    /// fsyncs, and every request waiting on that commit waits with it.
    ///
    /// `cacheKiB` bounds the writer's page cache: the register's writer keeps the upper levels of the
    /// person indexes there during bulk loads; a log's writer appends, and needs little.
    public init(
        path: String, journal: Journal = .writeAhead, pageSize: Int = 4096, cacheKiB: Int = SQLiteStore.registerCacheKiB
    ) throws {
        _ = SQLiteLibrary.configured
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // New databases use 4 KiB pages. Every write of the register touches a dozen B-trees at
            // random places and each touched page goes whole into the WAL and again into the file at
            // the checkpoint: 16 KiB pages packed person records with less waste (a million-person
            // seed: 1.68 GB against 1.80 GB) but made online births 12 % slower. Page size is fixed
            // when a file is made; older files keep theirs (VACUUM changes it).
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
            // Reads map the file instead of copying each page through read(2).
            try db.execute(sql: "PRAGMA mmap_size = 17179869184")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // A group commit gives each write a savepoint, and SQLite keeps a savepoint's old pages in a
            // statement journal that spills to a temporary file past 64 KiB (sixteen 4 KiB pages): each
            // spill was a file made, written and unlinked, 6–7 % of an online birth's processor time.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            switch journal {
            case .writeAhead: break
            case .writeAheadCheckpointedInBackground:
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
                try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            case .rollback:
                // PERSIST ends a transaction by zeroing the journal's header: no file made or removed
                // (TRUNCATE, DELETE) at each commit. A file kept in WAL mode before is converted here.
                try db.execute(sql: "PRAGMA journal_mode = PERSIST")
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA journal_size_limit = 1048576")
            }
        }
        do {
            // GRDB's pool is for WAL mode only; a queue is one connection, which is all a writer needs.
            pool = journal == .rollback ? try DatabaseQueue(path: path, configuration: config) : try DatabasePool(path: path, configuration: config)
            writes = SQLiteWriteGroups(pool: pool)
        } catch {
            throw StoreError.backend("cannot open SQLite database at \(path): \(error)")
        }
        readers = SQLiteReaders(path: path)
        location = "sqlite:\(path)"
        checkpointer = journal == .writeAheadCheckpointedInBackground ? try Checkpointer(path: path) : nil
    }

    /// The group commits of the logs share the writer's transactions as every other write does
    /// (`SQLiteWriteGroups`): one that arrives while the writer is busy goes in its next transaction.
    public func groupWrite<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await write(work)
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await mapErrors { try await writes.write { db in try work(SQLiteConnection(db: db, statementBudget: nil)) } }
    }

    /// Reads run to the end on the calling thread and never suspend while they hold a connection. A read
    /// that awaited a connection held by a suspended task could wait for ever once every thread of the
    /// cooperative pool waited too (a deadlock seen at 32 concurrent requests); run on the caller, a read
    /// holds its connection only while it runs. The work is SQLite's CPU work either way; here it costs
    /// no thread switches.
    public func read<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try readers.withReader { reader in
            let connection = SQLiteReadConnection(reader: reader, statementBudget: nil)
            try connection.control("BEGIN")
            do {
                let result = try work(connection)
                try connection.control("COMMIT")
                return result
            } catch {
                try? connection.control("ROLLBACK")
                throw error
            }
        }
    }

    /// One statement is a consistent snapshot by itself, so it runs without a transaction around it.
    public func readOne<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try readers.withReader { reader in try work(SQLiteReadConnection(reader: reader, statementBudget: StatementBudget(limit: 1))) }
    }

    public func close() async {
        readers.close()
        await checkpointer?.stop()
        try? pool.close()
    }

    private func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw SQLiteConnection.translate(error)
        }
    }
}

struct SQLiteConnection: SQLConnection {
    let db: Database
    let statementBudget: StatementBudget?
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ binds: [SQLValue]) throws {
        try statementBudget?.spend(sql)
        guard !binds.isEmpty else {
            do { try db.execute(sql: sql) } catch let error as DatabaseError { throw Self.translate(error) }
            return
        }
        _ = try run(sql, binds, keepRows: false)
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        try statementBudget?.spend(sql)
        return try run(sql, binds, keepRows: true)
    }

    /// Binds and steps one prepared statement directly, as the readers do: GRDB's conversion of the
    /// values into its arguments (an existential and a `DatabaseValue` each, every blob copied into
    /// `Data`) was 2 % of an online birth's processor time. The statement is kept under a text of its
    /// own, so GRDB never reuses it with bindings it believes it made (see `bulkInsert`).
    private func run(_ sql: String, _ binds: [SQLValue], keepRows: Bool) throws -> [SQLRow] {
        let prepared: Statement
        do { prepared = try db.cachedStatement(sql: sql + " -- bound") } catch let error as DatabaseError { throw Self.translate(error) }
        let statement = prepared.sqliteStatement
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try SQLiteBinding.bind(binds, to: statement, of: sql)
        return try SQLiteBinding.rows(of: statement, columns: keepRows ? prepared.columnNames : nil, failure: failure)
    }

    /// The connection's last error as `translate` names a `DatabaseError`.
    private func failure() -> StoreError {
        let handle = db.sqliteConnection
        let message = String(cString: sqlite3_errmsg(handle))
        let code = ResultCode(rawValue: sqlite3_extended_errcode(handle))
        if code == .SQLITE_CONSTRAINT_PRIMARYKEY || code == .SQLITE_CONSTRAINT_UNIQUE { return .uniqueViolation(message) }
        return .backend("SQLite: \(message)")
    }

    /// Binds values straight into one prepared statement: GRDB's argument conversion was a large part of
    /// a bulk load's time, and this path runs for every row of seed and import.
    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        try statementBudget?.spend("INSERT INTO \(table)")
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ",")))"
        let statement: Statement
        // Kept per connection under a text of its own: the statement is stepped and bound here, directly,
        // and GRDB must never reuse it with bindings it believes it made (the same INSERT run through
        // `execute` lost its values that way).
        do { statement = try db.cachedStatement(sql: sql + " -- bulk") } catch let error as DatabaseError { throw Self.translate(error) }
        let handle = statement.sqliteStatement
        for row in rows {
            try SQLiteBinding.bind(row, to: handle, of: sql)
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                if code & 0xFF == SQLITE_CONSTRAINT { throw StoreError.uniqueViolation(message) }
                throw StoreError.backend("SQLite: \(message)")
            }
        }
        sqlite3_clear_bindings(handle)
    }

    static func translate(_ error: DatabaseError) -> StoreError {
        if error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY || error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            return .uniqueViolation(error.message ?? "\(error)")
        }
        return .backend("SQLite: \(error.message ?? "\(error)")")
    }
}

/// A connection of its own that copies the WAL back into the database file five times a second.
///
/// A PASSIVE checkpoint never waits for the writer, but under steady writes it never catches up
/// completely either, and SQLite starts the WAL over only after a complete one. So once the WAL passes
/// `restartFrames`, a RESTART checkpoint waits for a gap between commits and copies the few frames the
/// passive ones left, so the next commit starts the WAL from its beginning: one short pause now and
/// then instead of one inside every thousandth commit. (`journal_size_limit` keeps the file small.)
final class Checkpointer: Sendable {
    private let queue: DatabaseQueue
    private let loop: Task<Void, Never>

    init(path: String, restartFrames: Int = 4_096) throws {
        _ = SQLiteLibrary.configured
        var config = Configuration()
        config.busyMode = .timeout(5)
        let queue = try DatabaseQueue(path: path, configuration: config)
        self.queue = queue
        loop = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                _ = try? await queue.writeWithoutTransaction { db in
                    let (frames, _) = try db.checkpoint(.passive)
                    guard frames > restartFrames else { return }
                    // Catch up with what arrived during the first pass, so the blocking step is short.
                    _ = try db.checkpoint(.passive)
                    _ = try db.checkpoint(.restart)
                }
            }
        }
    }

    func stop() async {
        loop.cancel()
        _ = await loop.value
        try? queue.close()
    }
}

/// Values bound straight into a prepared statement, for the writer, the bulk writer and the readers.
enum SQLiteBinding {
    /// Binds `values` to `statement` (prepared from `sql`), refusing more or fewer than its parameters,
    /// as GRDB did: SQLite itself drops an extra value without a word and reads a missing one as NULL.
    static func bind(_ values: [SQLValue], to statement: OpaquePointer, of sql: String) throws {
        let parameters = Int(sqlite3_bind_parameter_count(statement))
        guard parameters == values.count else {
            throw StoreError.backend("SQLite: \(values.count) values for the \(parameters) parameters of \(sql)")
        }
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .int(let v): sqlite3_bind_int64(statement, index, v)
            case .double(let v): sqlite3_bind_double(statement, index, v)
            case .text(var v):
                // The text's own UTF-8, with its length: passing the `String` itself made a C string of
                // it first, a heap copy for every short one (most of a log line's values).
                v.withUTF8 { utf8 in
                    if let start = utf8.baseAddress {
                        let text = UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
                        sqlite3_bind_text64(statement, index, text, sqlite3_uint64(utf8.count), transient, UInt8(SQLITE_UTF8))
                    } else {
                        // No bytes at all: a null pointer would bind NULL, not the empty text.
                        sqlite3_bind_text(statement, index, "", 0, transient)
                    }
                }
            case .blob(let v) where v.isEmpty: sqlite3_bind_zeroblob(statement, index, 0)
            case .blob(let v): _ = v.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient) }
            }
        }
    }

    /// Steps `statement` to its end; the rows with `columns` (none when nil). `failure` names an error.
    static func rows(of statement: OpaquePointer, columns: [String]?, failure: () -> StoreError) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw failure() }
            if let columns { rows.append(SQLRow(columns: columns, values: (0..<Int32(columns.count)).map { value(statement, $0) })) }
        }
    }

    /// Column `column` of the row `statement` stands on.
    static func value(_ statement: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    /// SQLite copies bound text and blobs (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
