public import DanCuCore
@_spi(Gate) public import DanCuRegister
public import DanCuStore
public import DanCuTransparency

/// The one way to a person's data (DESIGN.md principle 4). Every read and write of the register made
/// on behalf of an officer goes through here: the gate checks role, jurisdiction and purpose, refuses
/// with a logged denial, and appends an access-log entry for every person read or written.
///
/// The register's reads and writes of personal data are `@_spi(Gate)`: only this module imports them
/// (`scripts/check-boundaries.sh` fails the build otherwise). Capabilities above the gate reach people
/// through a `Grant` (`Gate+Grants.swift`).
public struct Gate: Sendable {
    let register: Register
    let log: AccessLogWriter
    let relay: AccessLogRelay
    /// Where the access log lives. SQLite keeps it in a file of its own: a log written on every read
    /// would otherwise change the register's file under its readers all the time, and each change
    /// costs every reader its cached pages and mapped memory.
    @_spi(Gate) public let logStore: any Store
    /// How a person's entries are found in a SQLite log; nil on PostgreSQL, where the log has an index.
    let subjects: AccessLogSubjectIndex?
    /// The law each entry names when the request carries none.
    public let legalBases: LegalBases
    /// The leaves of the entries this gate's logs committed, waiting for the transparency log to
    /// integrate them (its `Checkpoints` take them from here instead of rereading their rows).
    public let sequencedLeaves = SequencedLeaves()
    /// Where read entries wait while the log's database fails over (`AccessLogSpool`); nil on SQLite.
    public let spool: AccessLogSpool?

    /// The register comes with its followers (a death revokes cards and locks the eID in the transaction
    /// that records it: the composition root adds them). On SQLite, `logIndexStore` keeps the log's subject index (`AccessLogSubjectIndex`); by default the
    /// log's own store does.
    public init(
        register: Register, logStore: (any Store)? = nil, logIndexStore: (any Store)? = nil,
        legalBases: LegalBases = .vietnam, spool: AccessLogSpool? = nil
    ) {
        self.init(register: register, logStore: logStore, logIndexStore: logIndexStore, legalBases: legalBases, tree: true, spool: spool)
    }

    /// The gate as it was before the transparency log: read entries without leaves. Only
    /// bench/transparency.sh uses it, to measure what the tree costs; nothing that serves may.
    @_spi(Bench) public init(withoutTransparencyLog register: Register, logStore: any Store) {
        self.init(register: register, logStore: logStore, logIndexStore: nil, legalBases: .vietnam, tree: false, spool: nil)
    }

    private init(
        register: Register, logStore: (any Store)?, logIndexStore: (any Store)?, legalBases: LegalBases, tree: Bool, spool: AccessLogSpool?
    ) {
        self.legalBases = legalBases
        self.register = register
        self.logStore = logStore ?? register.store
        self.spool = spool
        let clock = register.clock
        self.log = AccessLogWriter(store: self.logStore, tree: tree, sequenced: sequencedLeaves, spool: spool, now: { clock.nowMicros() })
        self.relay = AccessLogRelay(register: register.store, log: self.logStore, sequenced: sequencedLeaves)
        self.subjects = self.logStore.dialect == .sqlite ? AccessLogSubjectIndex(log: self.logStore, index: logIndexStore ?? self.logStore) : nil
    }

    /// Brings the log's schema up to date and relays what a crash may have left in the outbox.
    public func prepare() async throws {
        try await Migrator.migrate(logStore, TransparencySchema.migrations)
        try await TransparencyLog.prepare(logStore)
        try await Migrator.migrate(logStore, AccessSchema.logMigrations)
        try await AccessLogTable.backfillLeaves(logStore)
        try await subjects?.migrate()
        try await relay.runAlone()
        guard let spool else { return }
        try await spool.prepare(for: try await AccessLogName.of(logStore))
        // A previous run's given-up commits ended with it: its uncertain entries need no hold.
        _ = try await spool.relay(into: logStore, uncertainBefore: Int64.max)
    }

    /// The last relay of a server that stops (once no request is left): waits up to `limit` for the
    /// commits given up on to end, landed or not, then relays everything spooled, the uncertain entries
    /// too where none is still going. Returns how many entries still wait (the log without a primary, or
    /// a commit still going): they stay in the spool, durable, for the next start with this data
    /// directory and this database.
    /// Throws only if the spool itself cannot be read.
    public func drainSpool(within limit: Duration = .seconds(20)) async throws -> (relayed: Int, left: Int) {
        guard let spool else { return (0, 0) }
        let settled = await log.settle(within: limit)
        let uncertainBefore = settled ? Int64.max : log.uncertainSettledBefore(register.clock.nowMicros())
        // A log still without a primary leaves them waiting: what is left says so.
        let relayed = (try? await spool.relay(into: logStore, uncertainBefore: uncertainBefore))?.relayed ?? 0
        return (relayed, try await spool.waiting())
    }

    /// Moves the entries this server spooled while the log's database had no primary into the log
    /// (`AccessLogSpool`); from the first that lands, new entries go to the log again. Returns how many
    /// entries it added and how many it found there already. Throws while the log still has no primary.
    @discardableResult
    public func relaySpool() async throws -> (relayed: Int, present: Int) {
        try await spool?.relay(into: logStore, uncertainBefore: log.uncertainSettledBefore(register.clock.nowMicros())) ?? (0, 0)
    }

    /// Moves what the register's outbox still holds into the access log and empties it; returns how
    /// many entries (a start, a shutdown).
    @discardableResult
    public func relayAccessLog() async throws -> Int {
        try await relay.runAlone()
    }

    /// Deletes from the register's outbox the entries the gate's writes have copied into the log
    /// (each write copies its entries before it answers, and leaves the delete to this); returns how
    /// many. A server calls it every few milliseconds (`AccessLogRelaying`), so that one delete
    /// carries many writes' entries.
    @discardableResult
    public func sweepAccessLogOutbox() async throws -> Int {
        try await relay.run()
        return try await relay.sweep()
    }

    /// The most entries `indexAccessLog` reads at once: fewer means the index has caught up.
    public static let accessLogIndexBatch = AccessLogSubjectIndex.batchSize

    /// Brings the access log's subject index up to date by one batch; returns how many entries it read
    /// (0 when the log is up to date, or keeps its own index). A server runs it in the background.
    @discardableResult
    public func indexAccessLog() async throws -> Int {
        try await subjects?.update() ?? 0
    }

    /// A person's entries after the entry `after`, oldest first.
    func logEntries(of subject: String, after: Int64, limit: Int) async throws -> [AccessLogEntry] {
        if let subjects { return try await subjects.entries(of: subject, after: after, limit: limit) }
        return try await logStore.read { db in try AccessLogTable.entries(of: subject, after: after, limit: limit, in: db) }
    }

    /// A person's entries before the entry `before` (all when nil), newest first.
    func logEntries(of subject: String, before: Int64?, limit: Int) async throws -> [AccessLogEntry] {
        if let subjects { return try await subjects.entries(of: subject, before: before, limit: limit) }
        return try await logStore.read { db in try AccessLogTable.entries(of: subject, before: before, limit: limit, in: db) }
    }

    var store: any Store { register.store }
    /// The one clock of the register, its cards and their log.
    public var clock: CivilClock { register.clock }
    var units: AdministrativeUnits { register.reference.units }

    /// Refuses (and logs the refusal) unless `request` may have `need`.
    func authorize(
        _ request: AccessRequest, _ need: AccessPolicy.Need, subject: String?, action: String,
        fields: [String]
    ) async throws {
        guard let refusal = AccessPolicy.refusal(request, need) else { return }
        try await log.append([
            entry(
                request, subject: subject, action: action, fields: fields, decision: .denied,
                reason: refusal.reason)
        ])
        throw refusal.error
    }

    /// Refuses early when the request has no purpose, before any data is read.
    func requirePurpose(_ request: AccessRequest, subject: String?, action: String, fields: [String]) async throws {
        guard request.purpose == nil else { return }
        try await authorize(request, .personalData(Area()), subject: subject, action: action, fields: fields)
    }

    func logRead(_ request: AccessRequest, subjects: [String], action: String, fields: [String]) async throws {
        guard !subjects.isEmpty else { return }
        try await log.append(subjects.map { entry(request, subject: $0, action: action, fields: fields, decision: .allowed) })
    }

    func entry(
        _ request: AccessRequest, subject: String?, action: String, fields: [String],
        decision: AccessLogEntry.Decision, reason: String? = nil
    ) -> AccessLogEntry {
        AccessLogEntry(
            at: register.clock.nowMicros(), requestId: request.requestId, actor: request.officer.username,
            role: request.officer.role.rawValue, subject: subject, action: action, fields: fields,
            purpose: request.purpose?.rawValue, decision: decision, reason: reason, legalBasis: legalBases.basis(of: request))
    }

    /// The witness of one write of `request`: its entries, with the clock and legal basis of this gate.
    func witness(_ request: AccessRequest, action: String, fields: [String], idempotency: Idempotency? = nil) -> AccessWitness {
        AccessWitness(
            request: request, action: action, fields: fields, idempotency: idempotency, clock: register.clock,
            legalBasis: legalBases.basis(of: request))
    }

    /// The register, witnessed for one write of `request`.
    /// `alongside` writes what another capability must change in the same transaction (a public
    /// service's step, approved by the change it makes): if it throws, the change is rolled back with it.
    func writer(
        _ request: AccessRequest, action: String, fields: [String], idempotency: Idempotency? = nil, alongside: (any RegisterFollower)? = nil
    ) -> Register {
        (alongside.map { register.followed(by: $0) } ?? register).witnessed(by: witness(request, action: action, fields: fields, idempotency: idempotency))
    }
}
