public import DanCuStore
import DanCuTransparency

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

    /// Appends to the access log itself: each entry gets its leaf of the transparency log in the same
    /// transaction, and carries its index.
    static func appendLogged(_ entries: [AccessLogEntry], relayedFrom: [Int64]? = nil, in db: any SQLConnection) throws {
        guard !entries.isEmpty else { return }
        let leaves = try TransparencyLog().append(entries.count, in: db) { position, leaf, commitments in
            entries[position].publicEntry(leaf: leaf, commitments: commitments)
        }
        let extra = relayedFrom == nil ? ["leaf"] : ["leaf", "relayed_from"]
        let rows = entries.enumerated().map { position, entry in
            row(entry) + [.int(leaves.lowerBound + Int64(position))] + (relayedFrom.map { [.int($0[position])] } ?? [])
        }
        try db.bulkInsert(table: "access_log", columns: columns + extra, rows: rows)
    }

    /// Gives the entries written before the transparency log existed their leaves, oldest first, in
    /// transactions of `batch`; returns how many. Run at start-up, before the server takes requests.
    @discardableResult
    static func backfillLeaves(_ store: any Store, batch: Int = 2_000) async throws -> Int {
        var done = 0
        while true {
            let count = try await store.write { db in
                try TransparencyLog.lock(in: db)
                let rows = try db.query(
                    "SELECT id, leaf, \(columns.joined(separator: ",")) FROM access_log WHERE leaf IS NULL ORDER BY id LIMIT ?", [.int(Int64(batch))])
                let entries = try rows.map(entry)
                let leaves = try TransparencyLog().append(entries.count, in: db) { position, leaf, commitments in
                    entries[position].publicEntry(leaf: leaf, commitments: commitments)
                }
                for (position, e) in entries.enumerated() {
                    try db.execute("UPDATE access_log SET leaf = ? WHERE id = ?", [.int(leaves.lowerBound + Int64(position)), SQLValue(e.id)])
                }
                return entries.count
            }
            done += count
            if count < batch { return done }
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
            SELECT id, leaf, \(columns.joined(separator: ",")) FROM access_log WHERE subject = ? AND id > ? ORDER BY id LIMIT ?
            """, [.text(subject), .int(after), .int(Int64(limit))]
        ).map(entry)
    }

    /// Newest first, as the holder reads their own log: `limit` entries older than `before` (all when nil).
    static func entries(of subject: String, before: Int64?, limit: Int, in db: any SQLConnection) throws -> [AccessLogEntry] {
        try db.query(
            """
            SELECT id, leaf, \(columns.joined(separator: ",")) FROM access_log WHERE subject = ? AND id < ? ORDER BY id DESC LIMIT ?
            """, [.text(subject), .int(before ?? Int64.max), .int(Int64(limit))]
        ).map(entry)
    }

    static func entry(_ r: SQLRow) throws -> AccessLogEntry {
        var e = AccessLogEntry(
            at: try r.int("at"), requestId: try r.string("request_id"), actor: try r.string("actor"),
            role: try r.string("role"), subject: r["subject"].string, action: try r.string("action"),
            fields: try r.string("fields").split(separator: ",").map(String.init), purpose: r["purpose"].string,
            decision: AccessLogEntry.Decision(rawValue: try r.string("decision")) ?? .denied,
            reason: r["reason"].string, legalBasis: r["legal_basis"].string)
        e.id = try r.int("id")
        e.leaf = r["leaf"].int
        return e
    }
}

/// Appends read entries with group commit (`GroupCommit`): entries that arrive while a batch is being
/// written go together in the next transaction. A caller resumes only once its entries are committed,
/// so no personal data leaves the gate before the log says who took it.
public struct AccessLogWriter: Sendable {
    let committer: GroupCommit<[AccessLogEntry], Void>

    public init(store: any Store) {
        committer = GroupCommit(store: store) { batches, db in
            try AccessLogTable.appendLogged(batches.flatMap { $0 }, in: db)
            return batches.map { _ in () }
        }
    }

    public func append(_ entries: [AccessLogEntry]) async throws {
        try await committer.submit(entries)
    }
}
