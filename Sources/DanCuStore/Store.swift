/// The SQL dialect a statement is written for, where the two backends differ.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// A connection inside one transaction. Statements use `?` placeholders on both backends.
/// It is handed to a use case for the length of the transaction only, and never escapes it.
public protocol SQLConnection {
    var dialect: SQLDialect { get }
    func execute(_ sql: String, _ binds: [SQLValue]) throws
    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow]
    /// Appends many rows in one go: prepared inserts on SQLite, COPY on PostgreSQL.
    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) throws
}

extension SQLConnection {
    public func execute(_ sql: String) throws { try execute(sql, []) }
    public func query(_ sql: String) throws -> [SQLRow] { try query(sql, []) }
    public func queryOne(_ sql: String, _ binds: [SQLValue] = []) throws -> SQLRow? { try query(sql, binds).first }
}

/// The database behind DanCu. Every use case runs in exactly one transaction: `write` for changes
/// (serialised per row by the backend), `read` for consistent snapshots.
public protocol Store: Sendable {
    var dialect: SQLDialect { get }
    /// A human-readable name of where the data lives, without secrets.
    var location: String { get }
    /// How many connections may be open at once (readers and the writer together).
    var poolSize: Int { get }
    func write<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    func read<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// A read of exactly one statement, which is consistent by itself: PostgreSQL runs it without
    /// BEGIN and COMMIT, one round trip instead of three. A second statement in `work` is an error.
    func readOne<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// A small write that may share its transaction with other callers' (see `GroupCommit`); it returns
    /// once that transaction committed.
    func groupWrite<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// True while a store of several hosts has lost its primary and not found the next one yet (a
    /// failover under way); always false for a store of one host or file, which waits for it instead.
    var primaryLost: Bool { get }
    func close() async
}

extension Store {
    public var primaryLost: Bool { false }

    /// A store that groups nothing writes each alone.
    public func groupWrite<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await write(work)
    }
}
