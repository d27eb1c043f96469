import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// What one short question to a PostgreSQL host found.
enum HostAnswer: Sendable {
    /// It answered: whether it is in recovery (a standby) and whether it takes only reads.
    case answered(inRecovery: Bool, readOnly: Bool)
    /// The server itself said no (a wrong password, too many clients, still starting): it is alive.
    case refused(String)
    /// No server answered within the limit: refused at the port, reset, or silent (a stopped or cut-off
    /// host accepts the connection in its kernel and then says nothing).
    case silent(String)

    var isAlive: Bool {
        if case .silent = self { false } else { true }
    }
}

/// Asks a host how it is, within `answerLimit` whatever the host does. The socket is opened here, not by
/// PostgresNIO, so that it can be closed at the limit: a host that hangs (SIGSTOP, a network partition)
/// never holds the question, nor leaves a connection behind.
struct HostProbe: Sendable {
    let host: PostgresTarget.Host
    let user: String
    let password: String?
    let database: String?
    static let limit: TimeAmount = .seconds(2)

    init(_ host: PostgresTarget.Host, of target: PostgresTarget) {
        self.host = host
        user = target.user
        password = target.password
        database = target.database
    }

    /// The longest a question takes: the connection's limit, then the answer's, and a second more.
    static let answerLimit: Duration = .nanoseconds(limit.nanoseconds * 2) + .seconds(1)

    /// The host's answer, or `.silent` at `answerLimit`. Closing the socket at `limit` ends the question
    /// in the phases tried (a silent host, one silent after the log-in), yet a test run under heavy load
    /// hung for good waiting for this answer (PostgresNIO has left statements on closed connections
    /// unanswered before): whatever the phase, the store is not held past `answerLimit`, and the
    /// question is left behind with its socket closed.
    func ask(logger: Logger) async -> HostAnswer {
        await Self.first(within: Self.answerLimit) { await probe(logger: logger) }
    }

    /// The answer of `question`, or `.silent` when it has none within `limit` (the question is then left
    /// to itself).
    static func first(within limit: Duration, _ question: @escaping @Sendable () async -> HostAnswer) async -> HostAnswer {
        await withCheckedContinuation { continuation in
            let first = FirstAnswer(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                first.give(.silent("no answer within \(limit)"))
            }
            Task {
                first.give(await question())
                timer.cancel()
            }
        }
    }

    private func probe(logger: Logger) async -> HostAnswer {
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(Self.limit)
                .connect(host: host.name, port: host.port).get()
        } catch {
            return .silent("\(error)")
        }
        let deadline = channel.eventLoop.scheduleTask(in: Self.limit) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        let connection: PostgresConnection
        do {
            let configuration = PostgresConnection.Configuration(establishedChannel: channel, username: user, password: password, database: database)
            connection = try await PostgresConnection.connect(on: channel.eventLoop, configuration: configuration, id: 0, logger: logger)
        } catch {
            channel.close(promise: nil)
            return Self.answer(to: error)
        }
        do {
            var answer = HostAnswer.silent("no answer to pg_is_in_recovery()")
            for try await (inRecovery, readOnly) in try await connection.query(
                "SELECT pg_is_in_recovery(), current_setting('transaction_read_only')::bool", logger: logger
            ).decode((Bool, Bool).self) {
                answer = .answered(inRecovery: inRecovery, readOnly: readOnly)
            }
            try? await connection.close()
            return answer
        } catch {
            // A connection that was made is closed through PostgresNIO, which otherwise stops a debug build.
            try? await connection.close()
            return Self.answer(to: error)
        }
    }

    static func answer(to error: any Error) -> HostAnswer {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return .refused(message) }
            return .silent("no answer within \(limit.nanoseconds / 1_000_000_000) s: \(String(reflecting: error.code))")
        }
        return .silent("\(error)")
    }
}

/// Hands a question's first answer on; the later one is dropped.
private final class FirstAnswer: Sendable {
    private let waiting: Mutex<CheckedContinuation<HostAnswer, Never>?>

    init(_ continuation: CheckedContinuation<HostAnswer, Never>) { waiting = Mutex(continuation) }

    func give(_ answer: HostAnswer) {
        waiting.withLock { waiting in
            waiting?.resume(returning: answer)
            waiting = nil
        }
    }
}

/// The host the store takes for the primary (or, for reads that may lag, the standby); nil until one is
/// found, and again once it is lost.
final class PrimaryChoice: Sendable {
    private let index: Mutex<Int?>

    init(known: Int?) { index = Mutex(known) }

    var known: Int? { index.withLock { $0 } }

    /// Takes `candidate`; true if it was not the one taken already.
    func choose(_ candidate: Int) -> Bool {
        index.withLock { current in
            defer { current = candidate }
            return current != candidate
        }
    }

    /// Forgets `lost` if it is still the one taken (a concurrent request may have found the next one).
    func forget(_ lost: Int) {
        index.withLock { current in if current == lost { current = nil } }
    }
}

/// One search for the host at a time: every request that finds none known waits for the search under
/// way, so that a failover under load asks each host once per round, not once per request.
actor HostSearch {
    private var running: Task<Int?, Never>?

    func find(_ search: @escaping @Sendable () async -> Int?) async -> Int? {
        if let running { return await running.value }
        let task = Task { await search() }
        running = task
        let found = await task.value
        running = nil
        return found
    }
}
