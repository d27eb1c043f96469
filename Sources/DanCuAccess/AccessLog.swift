public import DanCuStore
public import DanCuTransparency

/// One line of the access log: who touched whose data, which fields, why, and whether it was allowed.
public struct AccessLogEntry: Hashable, Sendable, Codable {
    public enum Decision: String, Codable, Sendable { case allowed, denied }

    public var id: Int64?
    public var at: Int64
    public var requestId: String
    public var actor: String
    public var role: String
    public var subject: String?
    public var action: String
    public var fields: [String]
    public var purpose: String?
    public var decision: Decision
    public var reason: String?
    /// The law the access was made under; nil only for entries written before the log recorded it.
    public var legalBasis: String?
    /// Its leaf in the transparency log; nil only while an entry from before the log waits for one.
    public var leaf: Int64?
    /// What opens the commitment of its public entry (docs/transparency.md): the holder's to see.
    public var opening: [UInt8]?

    public init(
        at: Int64, requestId: String, actor: String, role: String, subject: String?, action: String,
        fields: [String], purpose: String?, decision: Decision, reason: String? = nil, legalBasis: String? = nil
    ) {
        self.at = at
        self.requestId = requestId
        self.actor = actor
        self.role = role
        self.subject = subject
        self.action = action
        self.fields = fields
        self.purpose = purpose
        self.decision = decision
        self.reason = reason
        self.legalBasis = legalBasis
    }
}

/// The access log's table: appended to, never updated.
enum AccessLogTable {
    static let columns = ["at", "request_id", "actor", "role", "subject", "action", "fields", "purpose", "decision", "reason", "legal_basis"]

    /// The columns of version 1 of the log and its outbox; later columns (`legal_basis`) come by migration.
    static func columnDefinitions(bigint: String) -> String {
        """
        at \(bigint) NOT NULL, request_id TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, subject TEXT,
          action TEXT NOT NULL, fields TEXT NOT NULL, purpose TEXT, decision TEXT NOT NULL, reason TEXT
        """
    }

    static func row(_ e: AccessLogEntry) -> [SQLValue] {
        [
            .int(e.at), .text(e.requestId), .text(e.actor), .text(e.role), SQLValue(e.subject), .text(e.action),
            .text(e.fields.joined(separator: ",")), SQLValue(e.purpose), .text(e.decision.rawValue), SQLValue(e.reason), SQLValue(e.legalBasis),
        ]
    }

    /// Appends to the access log itself: each entry gets its leaf index in the transparency log in the
    /// same transaction (`TransparencyLog.sequence`), and carries it and its opening.
    /// `relayedFrom`: each entry's id in the register's outbox; `spooledFrom`: its place in a server's
    /// spool (`AccessLogSpool`). Either marks a relayed entry, so that a repeated relay finds it.
    @discardableResult
    static func appendLogged(
        _ entries: [AccessLogEntry], relayedFrom: [Int64]? = nil, spooledFrom: [String]? = nil, in db: any SQLConnection
    ) throws -> Range<Int64> {
        guard !entries.isEmpty else { return 0..<0 }
        let leaves = try TransparencyLog.sequence(entries.count, in: db)
        let extra = ["leaf", "opening"] + (relayedFrom == nil ? [] : ["relayed_from"]) + (spooledFrom == nil ? [] : ["spooled_from"])
        let rows = try entries.enumerated().map { position, entry in
            guard let opening = entry.opening else { throw TransparencyError.inconsistent("an access-log entry came without its opening") }
            return row(entry) + [.int(leaves.lowerBound + Int64(position)), .blob(opening)]
                + (relayedFrom.map { [.int($0[position])] } ?? []) + (spooledFrom.map { [.text($0[position])] } ?? [])
        }
        try db.bulkInsert(table: "access_log", columns: columns + extra, rows: rows)
        return leaves
    }

    /// Gives the entries written before the transparency log existed their leaves, oldest first, in
    /// transactions of `batch`; returns how many. Run at start-up, before the server takes requests.
    @discardableResult
    static func backfillLeaves(_ store: any Store) async throws -> Int {
        try await TransparencyLog.backfill(store, table: "access_log") { db, batch in
            try db.query("SELECT id FROM access_log WHERE leaf IS NULL ORDER BY id LIMIT ?", [.int(Int64(batch))]).map { $0["id"] }
        }
    }

    static func append(_ entries: [AccessLogEntry], in db: any SQLConnection, table: String = "access_log") throws {
        guard !entries.isEmpty else { return }
        if entries.count == 1 {
            try db.execute("INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES (?,?,?,?,?,?,?,?,?,?,?)", row(entries[0]))
        } else {
            try db.bulkInsert(table: table, columns: columns, rows: entries.map(row))
        }
    }

    /// A subject's entries in the order they were appended, after the entry `after`.
    static func entries(of subject: String, after: Int64, limit: Int, in db: any SQLConnection) throws -> [AccessLogEntry] {
        try db.query(
            """
            SELECT id, leaf, opening, \(columns.joined(separator: ",")) FROM access_log WHERE subject = ? AND id > ? ORDER BY id LIMIT ?
            """, [.text(subject), .int(after), .int(Int64(limit))]
        ).map(entry)
    }

    /// Newest first, as the holder reads their own log: `limit` entries older than `before` (all when nil).
    static func entries(of subject: String, before: Int64?, limit: Int, in db: any SQLConnection) throws -> [AccessLogEntry] {
        try db.query(
            """
            SELECT id, leaf, opening, \(columns.joined(separator: ",")) FROM access_log WHERE subject = ? AND id < ? ORDER BY id DESC LIMIT ?
            """, [.text(subject), .int(before ?? Int64.max), .int(Int64(limit))]
        ).map(entry)
    }

    /// What the log's queries select, in this order: `entry` reads such rows by position.
    static let selected = ["id", "leaf", "opening"] + columns

    static func entry(_ r: SQLRow) throws -> AccessLogEntry {
        guard r.columns == selected else { return try entryByName(r) }
        // By position: the transparency log rebuilds tens of thousands of entries a second from rows.
        func text(_ i: Int) throws -> String {
            guard let s = r[i].string else { throw StoreError.unexpectedValue(column: selected[i]) }
            return s
        }
        guard let at = r[3].int else { throw StoreError.unexpectedValue(column: "at") }
        var e = AccessLogEntry(
            at: at, requestId: try text(4), actor: try text(5), role: try text(6), subject: r[7].string, action: try text(8),
            fields: try text(9).split(separator: ",").map(String.init), purpose: r[10].string,
            decision: AccessLogEntry.Decision(rawValue: try text(11)) ?? .denied, reason: r[12].string, legalBasis: r[13].string)
        e.id = r[0].int
        e.leaf = r[1].int
        if case .blob(let opening) = r[2] { e.opening = opening }
        return e
    }

    private static func entryByName(_ r: SQLRow) throws -> AccessLogEntry {
        var e = AccessLogEntry(
            at: try r.int("at"), requestId: try r.string("request_id"), actor: try r.string("actor"),
            role: try r.string("role"), subject: r["subject"].string, action: try r.string("action"),
            fields: try r.string("fields").split(separator: ",").map(String.init), purpose: r["purpose"].string,
            decision: AccessLogEntry.Decision(rawValue: try r.string("decision")) ?? .denied,
            reason: r["reason"].string, legalBasis: r["legal_basis"].string)
        e.id = try r.int("id")
        e.leaf = r["leaf"].int
        if case .blob(let opening) = r["opening"] { e.opening = opening }
        return e
    }
}

/// Appends read entries with group commit (`GroupCommit`): entries that arrive while a batch is being
/// written go together in the next transaction. A caller resumes only once its entries are committed,
/// so no personal data leaves the gate before the log says who took it.
public struct AccessLogWriter: Sendable {
    /// A caller's entries, and their leaves when the log has a tree.
    struct Batch: Sendable {
        let entries: [AccessLogEntry]
        let leaves: [Leaf]
    }

    let committer: GroupCommit<Batch, Range<Int64>>
    let tree: Bool
    let openings = Openings()
    let store: any Store
    /// Where entries go while `store` has no primary; nil where the log is this server's own file.
    let spool: AccessLogSpool?
    /// The commits raced against a failover that have not ended: one given up on may still land.
    let racing = InFlight()
    let now: @Sendable () -> Int64

    /// `tree`: false only for the bench's reference (`Gate(withoutTransparencyLog:)`). Once a batch
    /// committed, its leaves go to `sequenced`, where integration takes them (`Checkpoints.integrate`).
    public init(
        store: any Store, tree: Bool = true, sequenced: SequencedLeaves, spool: AccessLogSpool? = nil,
        now: @escaping @Sendable () -> Int64
    ) {
        self.tree = tree
        self.store = store
        self.spool = spool
        self.now = now
        committer = GroupCommit(
            store: store,
            work: { batches, db in
                guard tree else {
                    try AccessLogTable.append(batches.flatMap(\.entries), in: db)
                    return batches.map { _ in 0..<0 }
                }
                let leaves = try AccessLogTable.appendLogged(batches.flatMap(\.entries), in: db)
                var next = leaves.lowerBound
                return batches.map { batch in
                    defer { next += Int64(batch.entries.count) }
                    return next..<next + Int64(batch.entries.count)
                }
            },
            committed: { batches, indices in
                guard tree else { return }
                sequenced.add(zip(batches, indices).map { ($0.leaves, $1.lowerBound) })
            })
    }

    /// Each entry gets its opening and its leaf (public entry and hash) here, by the caller; the log's
    /// one writer only files them.
    public func append(_ entries: [AccessLogEntry]) async throws {
        guard let spool else { return try await commit(entries) }
        if spool.isSpooling {
            try await spool.put(entries, uncertain: false, at: now())
            return
        }
        // Entries whose commit the race gave up on are uncertain: it goes on, and may land after all.
        // Counted from before the race, so that no entry can be spooled before its commit is counted.
        let (now, racing) = (self.now, self.racing)
        let ticket = racing.begin(at: now())
        try await FailoverRace(store: store).run(
            {
                defer { racing.end(ticket) }
                return try await commit(entries)
            },
            fallback: { try await spool.put(entries, uncertain: true, at: now()) })
    }

    /// Uncertain entries spooled before this moment may be looked for in the log and relayed if missing:
    /// every commit that might still write them has ended (none raced since then is going), and the
    /// spool's hold has passed (a COMMIT whose answer was lost may complete on the database a little
    /// after its client gave up).
    func uncertainSettledBefore(_ now: Int64) -> Int64 {
        // An entry is spooled after its commit began; one spooled at the very moment the oldest commit still
        // going began could be that commit's own (a clock that stands still, in tests).
        min(now - AccessLogSpool.uncertainHold, racing.oldestBeginning.map { $0 - 1 } ?? Int64.max)
    }

    /// Waits until no commit given up on is still going (each ends, landed or failed, within a
    /// transaction's retries); false if some still are after `limit`. Once none is, whether an uncertain
    /// entry landed can be told from the log alone.
    func settle(within limit: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while racing.count > 0 {
            guard clock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    private func commit(_ entries: [AccessLogEntry]) async throws {
        guard tree else {
            _ = try await committer.submit(Batch(entries: entries, leaves: []))
            return
        }
        var opened: [AccessLogEntry] = []
        var leaves: [Leaf] = []
        opened.reserveCapacity(entries.count)
        leaves.reserveCapacity(entries.count)
        for entry in entries {
            let (entry, leaf) = try entry.asStored.withLeaf(openings.next())
            opened.append(entry)
            leaves.append(leaf)
        }
        _ = try await committer.submit(Batch(entries: opened, leaves: leaves))
    }
}
