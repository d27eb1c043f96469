import DanCuStore
import Synchronization

/// A store that notes every statement that touches a table holding personal data, so a test can
/// see which requests reached people's data, whatever path the code took, and ask whether the gate
/// saw them. It judges by the tables a statement names, not by what any route declares about itself.
final class PersonalDataWatch: Sendable {
    /// Tables whose rows are about a person: the register, households, cards and chips, eID accounts,
    /// their authentication history and the codes sent to them, a relying party's consents, and the
    /// access log itself (whose rows name the people read). Appending to the access log is the gate's
    /// own work and is not counted. Sessions (`oidc_sessions`, like officers' tokens) are not personal
    /// data: a session names its account and when it signed in, is made only by a sign-in, which is
    /// logged, and ending one releases nothing.
    static let personalTables: Set<String> = [
        "persons", "life_events", "households", "household_members", "allocated_numbers",
        "cards", "card_chips", "card_biometrics", "card_events",
        "eid_accounts", "eid_outbox", "eid_codes", "eid_residence_cards", "eid_auth_events",
        "oidc_consents",
        // A watch list names the people a member follows; a consent, the citizen who gave it. Deliveries are
        // not here: each was logged in the member's name by the dispatcher that made it (`x-event`), and the
        // pull feed hands over only those.
        "exchange_watch", "exchange_consents",
        // A batch's lines are the member's questions about people, kept until the worker has read the register
        // for each (its results are answers by line number, and name no one).
        "exchange_batch_input",
        "access_log", "access_log_indexed", "access_log_subjects", "access_log_subject_runs",
    ]
    static let accessLogTables: Set<String> = ["access_log", "access_log_indexed", "access_log_subjects", "access_log_subject_runs", "access_log_outbox"]

    private let touched = Mutex<[String: Int]>([:])

    /// The personal tables touched since the last call, each with its count of statements.
    func take() -> [String: Int] {
        touched.withLock { seen in
            defer { seen = [:] }
            return seen
        }
    }

    func note(_ sql: String) {
        let words = Set(sql.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        let appendsToLog = words.contains("insert") && !words.isDisjoint(with: Self.accessLogTables)
        let hits = words.intersection(Self.personalTables).filter { !(appendsToLog && Self.accessLogTables.contains($0)) }
        guard !hits.isEmpty else { return }
        touched.withLock { seen in
            for table in hits { seen[table, default: 0] += 1 }
        }
    }

    func watching(_ store: any Store) -> any Store { WatchedStore(base: store, watch: self) }
}

private struct WatchedStore: Store {
    let base: any Store
    let watch: PersonalDataWatch

    var dialect: SQLDialect { base.dialect }
    var location: String { base.location }
    var poolSize: Int { base.poolSize }

    func write<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let watch = self.watch
        return try await base.write { try work(WatchedConnection(base: $0, watch: watch)) }
    }

    func read<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let watch = self.watch
        return try await base.read { try work(WatchedConnection(base: $0, watch: watch)) }
    }

    func readOne<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let watch = self.watch
        return try await base.readOne { try work(WatchedConnection(base: $0, watch: watch)) }
    }

    func groupWrite<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let watch = self.watch
        return try await base.groupWrite { try work(WatchedConnection(base: $0, watch: watch)) }
    }

    func close() async { await base.close() }
}

private struct WatchedConnection: SQLConnection {
    let base: any SQLConnection
    let watch: PersonalDataWatch

    var dialect: SQLDialect { base.dialect }

    func execute(_ sql: String, _ binds: [SQLValue]) throws {
        watch.note(sql)
        try base.execute(sql, binds)
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        watch.note(sql)
        return try base.query(sql, binds)
    }

    func bulkInsert(table: String, columns: [String], rows: [[SQLValue]]) throws {
        watch.note("insert into \(table)")
        try base.bulkInsert(table: table, columns: columns, rows: rows)
    }
}
