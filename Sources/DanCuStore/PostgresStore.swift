import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// PostgreSQL through PostgresNIO, for national scale. A transaction holds one pooled connection and one
/// worker thread for its length, so that use cases stay plain synchronous functions on both backends.
public final class PostgresStore: Store {
    public let dialect = SQLDialect.postgres
    public let location: String
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    /// The group commits of the logs share its transactions.
    private let sharedWrites = SharedWrites()
    private let workers: NIOThreadPool
    private let logger: Logger
    /// The same server and credentials for one direct connection, to say why the pool cannot connect.
    private let probe: PostgresConnection.Configuration

    public let poolSize: Int

    public init(url: String, maximumConnections: Int = 16) throws {
        poolSize = maximumConnections
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host, !host.isEmpty
        else { throw StoreError.badDatabaseURL(url) }
        let database = String(components.path.drop(while: { $0 == "/" }))
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        probe = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
        var logger = Logger(label: "dancu.postgres")
        logger.logLevel = .error
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        workers = NIOThreadPool(numberOfThreads: maximumConnections)
        workers.start()
        location = "postgres://\(host):\(components.port ?? 5432)/\(database)"
    }

    public func groupWrite<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await sharedWrites.submit(work, via: self)
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN", work)
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work)
    }

    public func readOne<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let logger = self.logger
        do {
            return try await withConnection { connection in
                try await self.workers.runIfActive {
                    try work(PostgresSQLConnection(connection: connection, logger: logger, statementBudget: StatementBudget(limit: 1)))
                }
            }
        } catch let error as PSQLError {
            throw PostgresSQLConnection.translate(error)
        }
    }

    private func transaction<T: Sendable>(begin: String, _ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let logger = self.logger
        let workers = self.workers
        do {
            return try await withConnection { connection in
                try await workers.runIfActive {
                    let c = PostgresSQLConnection(connection: connection, logger: logger, statementBudget: nil)
                    try c.execute(begin)
                    do {
                        let result = try work(c)
                        try c.execute("COMMIT")
                        return result
                    } catch {
                        try? c.execute("ROLLBACK")
                        throw error
                    }
                }
            }
        } catch let error as PSQLError {
            throw PostgresSQLConnection.translate(error)
        }
    }

    /// How long a request waits for a connection before it fails: an unreachable server or an exhausted
    /// pool is reported, never waited on for ever.
    public static let connectionWaitLimit: Duration = .seconds(15)

    private func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let acquired = AcquiredFlag()
        let client = self.client
        let location = self.location
        let probe = self.probe
        let logger = self.logger
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    acquired.set()
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: Self.connectionWaitLimit)
                guard acquired.isSet else {
                    let reason = await Self.whyNoConnection(probe, logger: logger)
                    throw StoreError.unavailable("no connection to \(location) within \(Self.connectionWaitLimit): \(reason)")
                }
                return nil
            }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw StoreError.closed
        }
    }

    /// One direct connection attempt, for the server's own words (refused, unknown database, wrong password).
    static func whyNoConnection(_ configuration: PostgresConnection.Configuration, logger: Logger) async -> String {
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try? await connection.close()
            return "the server accepts connections, but the pool found none free"
        } catch let error as PSQLError {
            return error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? String(reflecting: error.code)
        } catch {
            return "\(error)"
        }
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
        try? await workers.shutdownGracefully()
    }
}

struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    let statementBudget: StatementBudget?
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ binds: [SQLValue]) throws {
        _ = try run(sql, binds)
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        let result = try run(sql, binds)
        var rows: [SQLRow] = []
        rows.reserveCapacity(result.rows.count)
        for row in result.rows {
            var columns: [String] = []
            var values: [SQLValue] = []
            for cell in row {
                columns.append(cell.columnName)
                values.append(Self.value(cell))
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        try statementBudget?.spend("COPY \(table)")
        var buffer = ByteBuffer()
        buffer.reserveCapacity(rows.count * 256)
        for row in rows {
            for (i, value) in row.enumerated() {
                if i > 0 { buffer.writeStaticString("\t") }
                Self.writeCopyText(value, into: &buffer)
            }
            buffer.writeStaticString("\n")
        }
        let connection = self.connection
        let logger = self.logger
        let data = buffer
        try Blocking.await {
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                try await writer.write(data)
            }
        }
    }

    private func run(_ sql: String, _ binds: [SQLValue]) throws -> PostgresQueryResult {
        try statementBudget?.spend(sql)
        var bindings = PostgresBindings(capacity: binds.count)
        for b in binds {
            switch b {
            case .null: bindings.appendNull()
            case .int(let i): bindings.append(i)
            case .double(let d): bindings.append(d)
            case .text(let s): bindings.append(s)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numberPlaceholders(sql), binds: bindings)
        do {
            return try connection.query(query, logger: logger).wait()
        } catch let error as PSQLError {
            throw Self.translate(error)
        }
    }

    /// `?` → `$1, $2, …`, leaving quoted text alone.
    static func numberPlaceholders(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var inQuote = false
        for c in sql {
            if c == "'" { inQuote.toggle() }
            if c == "?" && !inQuote {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        return out
    }

    static func value(_ cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8:
            return (try? cell.decode(Int64.self)).map { .int($0) } ?? .null
        case .float4, .float8:
            return (try? cell.decode(Double.self)).map { .double($0) } ?? .null
        case .bool:
            return (try? cell.decode(Bool.self)).map { .int($0 ? 1 : 0) } ?? .null
        case .bytea:
            return (try? cell.decode(ByteBuffer.self)).map { .blob(Array($0.readableBytesView)) } ?? .null
        default:
            return (try? cell.decode(String.self)).map { .text($0) } ?? .null
        }
    }

    static func writeCopyText(_ value: SQLValue, into buffer: inout ByteBuffer) {
        switch value {
        case .null: buffer.writeStaticString("\\N")
        case .int(let i): buffer.writeString(String(i))
        case .double(let d): buffer.writeString(String(d))
        case .blob(let bytes): buffer.writeString("\\\\x" + bytes.map { String($0, radix: 16).leftPadded(2) }.joined())
        case .text(var s):
            s.withUTF8 { bytes in writeEscaped(bytes, into: &buffer) }
        }
    }

    /// COPY's text format: backslash, tab, newline and carriage return escaped, runs between them
    /// copied as they are.
    static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: inout ByteBuffer) {
        var start = 0
        for i in bytes.indices {
            let escape: StaticString
            switch bytes[i] {
            case 0x5C: escape = "\\\\"
            case 0x09: escape = "\\t"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            default: continue
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<i])))
            buffer.writeStaticString(escape)
            start = i + 1
        }
        buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
    }

    static func translate(_ error: PSQLError) -> StoreError {
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? String(reflecting: error)
        if state == "23505" { return .uniqueViolation(message) }
        if state == "40P01" || state == "40001" { return .collided(message) }
        return .backend("PostgreSQL \(state): \(message)")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

final class AcquiredFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// Waits for async work from a worker thread that is not part of Swift's cooperative pool.
enum Blocking {
    private final class Box<T: Sendable>: @unchecked Sendable {
        let lock = NSLock()
        var result: Result<T, any Error>?
    }

    static func await<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            box.lock.withLock { box.result = result }
            done.signal()
        }
        done.wait()
        guard let result = box.lock.withLock({ box.result }) else { throw StoreError.backend("lost result") }
        return try result.get()
    }
}
