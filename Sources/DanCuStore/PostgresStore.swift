import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// PostgreSQL through PostgresNIO, for national scale. A transaction holds one pooled connection and one
/// worker thread for its length, so that use cases stay plain synchronous functions on both backends.
public final class PostgresStore: Store {
    public let dialect = SQLDialect.postgres
    public let location: String
    private let target: PostgresTarget
    /// One pool per host; with several hosts the store writes through the primary's.
    private let clients: [PostgresClient]
    private let runners: [Task<Void, Never>]
    /// Which host is the primary, as far as the store knows (`PrimaryChoice`).
    private let primary: PrimaryChoice
    /// The group commits of the logs share its transactions.
    private let sharedWrites = SharedWrites()
    private let workers: NIOThreadPool
    private let logger: Logger
    /// The store's own events (the primary found, lost, a transaction retried), at notice and above.
    private let events: Logger
    /// Short questions to each host, bounded in time: to find the primary, to tell a hung host from a slow
    /// statement, and to say why the pool cannot connect.
    private let probes: [HostProbe]
    private let search = HostSearch()

    public let poolSize: Int

    public var primaryLost: Bool { clients.count > 1 && primary.known == nil }

    public init(url: String, maximumConnections: Int = 16) throws {
        poolSize = maximumConnections
        let target = try PostgresTarget(url: url)
        self.target = target
        var clients: [PostgresClient] = []
        var probes: [HostProbe] = []
        var logger = Logger(label: "dancu.postgres")
        logger.logLevel = .error
        self.logger = logger
        var events = Logger(label: "dancu.postgres")
        events.logLevel = .notice
        self.events = events
        for host in target.hosts {
            var configuration = PostgresClient.Configuration(
                host: host.name, port: host.port, username: target.user, password: target.password, database: target.database, tls: .disable)
            configuration.options.maximumConnections = maximumConnections
            // With several hosts a lost primary is given up on quickly: another host may be the primary now.
            if target.hosts.count > 1 { configuration.options.connectTimeout = .seconds(2) }
            clients.append(PostgresClient(configuration: configuration, backgroundLogger: logger))
            probes.append(HostProbe(host, of: target))
        }
        self.clients = clients
        self.probes = probes
        runners = clients.map { client in Task { await client.run() } }
        primary = PrimaryChoice(known: target.hosts.count == 1 ? 0 : nil)
        workers = NIOThreadPool(numberOfThreads: maximumConnections)
        workers.start()
        location = target.location
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
        try await retryingLostConnections(readOnly: true) { fate in
            let logger = self.logger
            return try await self.withConnection { connection, probe in
                try await self.workers.runIfActive {
                    try work(
                        PostgresSQLConnection(
                            connection: connection, logger: logger, statementBudget: StatementBudget(limit: 1), fate: fate, host: probe))
                }
            }
        }
    }

    private func transaction<T: Sendable>(begin: String, _ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let logger = self.logger
        let workers = self.workers
        return try await retryingLostConnections(readOnly: begin != "BEGIN") { fate in
            try await self.withConnection { connection, probe in
                try await workers.runIfActive {
                    let c = PostgresSQLConnection(connection: connection, logger: logger, statementBudget: nil, fate: fate, host: probe)
                    try c.execute(begin)
                    do {
                        let result = try work(c)
                        fate.committing()
                        try c.execute("COMMIT")
                        return result
                    } catch {
                        // Always: a connection still open goes back to the pool outside any transaction.
                        try? c.execute("ROLLBACK")
                        throw error
                    }
                }
            }
        }
    }

    /// How long a request waits for the database: for a connection, and across the retries of a
    /// transaction whose connection was lost. An unreachable server or an exhausted pool is reported,
    /// never waited on for ever.
    public static let connectionWaitLimit: Duration = .seconds(15)

    /// Runs `attempt` again when its connection was lost before COMMIT was sent: the server then rolled
    /// the transaction back, so doing it again cannot do it twice. A connection lost during COMMIT leaves
    /// the outcome unknown; that is reported (503), never retried. Any other error is the caller's.
    private func retryingLostConnections<T: Sendable>(readOnly: Bool, _ attempt: (ConnectionFate) async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + Self.connectionWaitLimit
        var tries = 0
        while true {
            let fate = ConnectionFate(readOnly: readOnly)
            do {
                return try await attempt(fate)
            } catch let error as PSQLError {
                if !fate.isLost { throw PostgresSQLConnection.translate(error) }
            } catch {
                if !fate.isLost { throw error }
            }
            if clients.count > 1, let index = primary.known { primary.forget(index) }
            guard !fate.commitSent else {
                events.error("the database connection was lost during COMMIT: the transaction's outcome is unknown and it is not retried")
                throw StoreError.unavailable("the database connection was lost during COMMIT; the outcome is unknown")
            }
            tries += 1
            guard clock.now < deadline else {
                throw StoreError.unavailable("the database connection was lost \(tries) times within \(Self.connectionWaitLimit)")
            }
            events.notice("retrying a transaction the lost database connection rolled back", metadata: ["attempt": "\(tries)"])
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// A connection to the primary (or the only host). With several hosts, the primary is looked for when
    /// it is not known, and looked for again when its pool gives no connection for a few seconds.
    private func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection, HostProbe) async throws -> T) async throws -> T {
        guard clients.count > 1 else {
            do { return try await withConnection(on: 0, waitLimit: Self.connectionWaitLimit, body) } catch let timeout as NoConnectionWithin {
                throw StoreError.unavailable(timeout.reason)
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + Self.connectionWaitLimit
        while true {
            if let index = await findPrimary() {
                do {
                    return try await withConnection(on: index, waitLimit: .seconds(3), body)
                } catch let timeout as NoConnectionWithin {
                    let why = timeout.reason
                    primary.forget(index)
                    events.error(
                        "the database primary gives no connection; looking for the primary again",
                        metadata: ["host": "\(target.hosts[index])", "why": "\(why)"])
                }
            }
            guard clock.now < deadline else {
                throw StoreError.unavailable("no primary among \(target.location) within \(Self.connectionWaitLimit)")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// The chosen host's index: the one known, or the first host that answers and will do by the URL's
    /// `target_session_attrs` (by default, the primary: not in recovery, not read-only). With
    /// `prefer-standby`, a standby first, else any host that answers. Nil if one round of asking finds none.
    private func findPrimary() async -> Int? {
        if let known = primary.known { return known }
        return await search.find { [self] in
            var answering: Int?
            for (index, probe) in probes.enumerated() {
                guard case .answered(let inRecovery, let readOnly) = await probe.ask(logger: logger) else { continue }
                answering = answering ?? index
                let wanted = target.sessionAttributes == .preferStandby ? PostgresTarget.SessionAttributes.standby : target.sessionAttributes
                guard wanted.accepts(inRecovery: inRecovery, readOnly: readOnly) else { continue }
                return choose(index)
            }
            if target.sessionAttributes == .preferStandby, let answering { return choose(answering) }
            return nil
        }
    }

    private func choose(_ index: Int) -> Int {
        if primary.choose(index) {
            events.notice("database host chosen", metadata: ["host": "\(target.hosts[index])", "as": "\(target.sessionAttributes.rawValue)"])
        }
        return index
    }

    private func withConnection<T: Sendable>(
        on index: Int, waitLimit: Duration, _ body: @escaping @Sendable (PostgresConnection, HostProbe) async throws -> T
    ) async throws -> T {
        let claim = LeaseClaim()
        let client = clients[index]
        let location = "postgres://\(target.hosts[index])/\(target.database ?? "")"
        let probe = probes[index]
        let logger = self.logger
        // Not a task group: a group waits for all its tasks, and a lease waiting on a host that is gone
        // may not end when cancelled. The lease left behind does nothing if it is ever granted.
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let answer = ResumingOnce<T>(continuation)
            let timer = Task {
                do { try await Task.sleep(for: waitLimit) } catch { return }
                guard claim.abandon() else { return }
                let reason = await Self.whyNoConnection(probe, logger: logger)
                answer.resume(.failure(NoConnectionWithin(reason: "no connection to \(location) within \(waitLimit): \(reason)")))
            }
            Task {
                // Once the timer has given up the wait it is asking the host why; cancelled, it would
                // answer "CancellationError()" instead of the host's words.
                defer { if !claim.isAbandoned { timer.cancel() } }
                do {
                    let value = try await client.withConnection { connection -> T? in
                        guard claim.take() else { return nil }
                        return try await body(connection, probe)
                    }
                    if let value { answer.resume(.success(value)) }
                } catch {
                    answer.resume(.failure(error))
                }
            }
        }
    }

    /// One short question to the host, for the server's own words (refused, unknown database, wrong password).
    static func whyNoConnection(_ probe: HostProbe, logger: Logger) async -> String {
        switch await probe.ask(logger: logger) {
        case .answered: "the server accepts connections, but the pool found none free"
        case .refused(let why), .silent(let why): why
        }
    }

    /// How long closing waits for a pool to close its connections: a host that hangs never answers the
    /// goodbye, and a server stopping must not wait on it.
    static let closeLimit: Duration = .seconds(5)

    public func close() async {
        for runner in runners { runner.cancel() }
        let runners = self.runners
        if !(await Self.within(Self.closeLimit, { for runner in runners { _ = await runner.value } })) {
            events.warning("the database pools did not close within \(Self.closeLimit): a host does not answer; stopping without them")
        }
        let workers = self.workers
        if !(await Self.within(Self.closeLimit, { try? await workers.shutdownGracefully() })) {
            events.warning("a statement was still waiting on the database after \(Self.closeLimit); stopping without it")
        }
    }

    /// Runs `work` and waits for it at most `limit`; true if it ended. Work that does not end is left
    /// running (awaiting another task's end cannot be cancelled).
    static func within(_ limit: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        (try? await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
            let once = ResumingOnce<Bool>(continuation)
            Task {
                await work()
                once.resume(.success(true))
            }
            Task {
                try? await Task.sleep(for: limit)
                once.resume(.success(false))
            }
        }) ?? false
    }
}

struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    let statementBudget: StatementBudget?
    /// Notes a lost connection, whatever the work then makes of the error.
    var fate: ConnectionFate? = nil
    /// The connection's host, asked whether it still answers when a statement goes unanswered long.
    var host: HostProbe? = nil
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

    /// Rows from here up go in by COPY; fewer by one INSERT of a JSON array (`insertAsJSON`).
    static let copyThreshold = 2_000

    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        guard rows.count >= Self.copyThreshold else { return try insertAsJSON(table: table, columns: columns, rows: rows) }
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
        do {
            try Blocking.await {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(data)
                }
            }
        } catch let error as PSQLError {
            if Self.isConnectionLoss(error), !(fate?.readOnly == true && error.serverInfo?[.sqlState] == "25006") { fate?.lose() }
            throw Self.translate(error)
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
        let (numbered, placeholders) = Self.numberPlaceholders(sql)
        // PostgreSQL takes a value no placeholder names (each binding declares its parameter's type); the
        // store refuses it, as it refuses too few and as SQLite does.
        guard placeholders == binds.count else {
            throw StoreError.backend("PostgreSQL: \(binds.count) values for the \(placeholders) parameters of \(sql)")
        }
        let query = PostgresQuery(unsafeSQL: numbered, binds: bindings)
        do {
            guard !connection.isClosed else { throw ConnectionGone(why: "the connection was closed before the statement") }
            return try Self.wait(for: connection.query(query, logger: logger), on: connection, host: host, logger: logger)
        } catch let error as PSQLError {
            if Self.isConnectionLoss(error), !(fate?.readOnly == true && error.serverInfo?[.sqlState] == "25006") { fate?.lose() }
            throw Self.translate(error)
        } catch let gone as ConnectionGone {
            fate?.lose()
            throw StoreError.unavailable("PostgreSQL connection lost: \(gone.why)")
        }
    }

    /// How long a statement goes unanswered before its host is asked whether it answers at all.
    static let hangCheckAfter = 3

    /// Waits for `answer`, checking every second that the connection is open (PostgresNIO 1.33 never
    /// completes a statement written to a connection that closed meanwhile) and, each `hangCheckAfter`
    /// seconds, asking the host (`HostProbe`). A slow statement on a live host is waited for. A host
    /// that says nothing (stopped, cut off by the network: its socket stays open and no error ever
    /// comes) has the connection closed. Either way the statement fails as a lost connection, which the
    /// store retries on the next primary when COMMIT was not sent.
    static func wait(
        for answer: EventLoopFuture<PostgresQueryResult>, on connection: PostgresConnection, host: HostProbe?, logger: Logger
    ) throws -> PostgresQueryResult {
        let answered = DispatchSemaphore(value: 0)
        answer.whenComplete { _ in answered.signal() }
        var seconds = 0
        while answered.wait(timeout: .now() + .seconds(1)) == .timedOut {
            guard !connection.isClosed else { throw ConnectionGone(why: "the connection closed with the statement unanswered") }
            seconds += 1
            guard let host, seconds % hangCheckAfter == 0 else { continue }
            let alive = (try? Blocking.await { await host.ask(logger: logger).isAlive }) ?? true
            if !alive {
                try? connection.close().wait()
                throw ConnectionGone(why: "the host gave no answer for \(seconds) s and none to a new connection")
            }
        }
        return try answer.wait()
    }

    /// One INSERT of the rows as a JSON array that the server turns into rows of the table's own type
    /// (`json_populate_recordset`), in one round trip. The server's work uses it for the small batches
    /// of its group commits: PostgresNIO 1.33 stops the process (a precondition) when a connection closes
    /// in the middle of a COPY, which a failover does, and a server must outlive a failover.
    func insertAsJSON(table: String, columns: [String], rows: [[SQLValue]]) throws {
        var json = "["
        json.reserveCapacity(rows.count * 160)
        for (r, row) in rows.enumerated() {
            json += r == 0 ? "{" : ",{"
            for (i, value) in row.enumerated() where i < columns.count {
                if i > 0 { json += "," }
                Self.writeJSONString(columns[i], into: &json)
                json += ":"
                switch value {
                case .null: json += "null"
                case .int(let n): json += String(n)
                case .double(let d): if d.isFinite { json += String(d) } else { json += "null" }
                case .text(let text): Self.writeJSONString(text, into: &json)
                case .blob(let bytes): json += "\"\\\\x" + Self.hex(bytes) + "\""
                }
            }
            json += "}"
        }
        json += "]"
        let list = columns.joined(separator: ", ")
        _ = try run("INSERT INTO \(table) (\(list)) SELECT \(list) FROM json_populate_recordset(NULL::\(table), ?::json)", [.text(json)])
    }

    static func writeJSONString(_ text: String, into json: inout String) {
        json += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case _ where scalar.value < 0x20: json += "\\u" + String(scalar.value, radix: 16).leftPadded(4)
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
    }

    /// `?` → `$1, $2, …`, leaving quoted text alone; and how many there were.
    static func numberPlaceholders(_ sql: String) -> (sql: String, count: Int) {
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
        return (out, n)
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
        case .blob(let bytes): writeHex(bytes, into: &buffer)
        case .text(var s):
            s.withUTF8 { bytes in writeEscaped(bytes, into: &buffer) }
        }
    }

    /// A bytea in COPY's text format: `\\x` and two hex digits a byte. A string a byte made bulk
    /// inserts of blobs (the transparency log's entries) four times slower.
    static func writeHex(_ bytes: [UInt8], into buffer: inout ByteBuffer) {
        buffer.writeStaticString("\\\\x")
        buffer.writeString(hex(bytes))
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = hexDigits[Int(byte >> 4)]
                out[2 * i + 1] = hexDigits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
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

    /// The connection or the server went away, or the server is now a standby (after a failover, the old
    /// primary may come back read-only): the transaction did not commit, and another connection may do it.
    static func isConnectionLoss(_ error: PSQLError) -> Bool {
        if [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(error.code) { return true }
        let state = error.serverInfo?[.sqlState] ?? ""
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "25006"].contains(state)
    }

    static func translate(_ error: PSQLError) -> StoreError {
        if isConnectionLoss(error), error.serverInfo?[.sqlState] != "25006" {
            return .unavailable("PostgreSQL connection lost: \(error.serverInfo?[.message] ?? String(reflecting: error.code))")
        }
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? String(reflecting: error)
        if state == "23505" { return .uniqueViolation(message) }
        if state == "25006" { return .unavailable("PostgreSQL \(state): \(message)") }
        if state == "40P01" || state == "40001" { return .collided(message) }
        return .backend("PostgreSQL \(state): \(message)")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

/// What became of one attempt's connection: lost or not, and whether COMMIT had been sent when it was.
final class ConnectionFate: @unchecked Sendable {
    /// A READ ONLY transaction of the store's own: a 25006 there is the statement's, not a standby's.
    let readOnly: Bool
    init(readOnly: Bool) { self.readOnly = readOnly }
    private let lock = NSLock()
    private var lost = false
    private var committed = false

    func lose() { lock.withLock { lost = true } }
    func committing() { lock.withLock { committed = true } }
    var isLost: Bool { lock.withLock { lost } }
    var commitSent: Bool { lock.withLock { committed } }
}

/// A statement's connection closed, or its host stopped answering, before the statement was answered.
struct ConnectionGone: Error {
    let why: String
}

/// A pool gave no connection within its wait: the host is down, or failing over.
struct NoConnectionWithin: Error {
    let reason: String
}

/// A continuation the first of several tasks resumes.
final class ResumingOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>
    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }
    func resume(_ result: Result<T, any Error>) { continuation.withLock { $0.take() }?.resume(with: result) }
}

/// Who has a lease's connection: the request, if granted in time, or no one, once the request gave up
/// waiting (the connection then goes back to the pool unused).
final class LeaseClaim: Sendable {
    private enum State { case waiting, taken, abandoned }
    private let state = Mutex(State.waiting)

    /// The connection came: true if the request still wants it.
    func take() -> Bool {
        state.withLock { state in
            guard state == .waiting else { return false }
            state = .taken
            return true
        }
    }

    var isAbandoned: Bool { state.withLock { $0 == .abandoned } }

    /// The wait is over: true if no connection came meanwhile.
    func abandon() -> Bool {
        state.withLock { state in
            guard state == .waiting else { return false }
            state = .abandoned
            return true
        }
    }
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
