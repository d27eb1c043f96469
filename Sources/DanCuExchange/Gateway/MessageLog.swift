public import DanCuStore
import DanCuTransparency

/// The signed message log (X-Road's model): for every message a member sent, what was signed and the
/// signature, and the same of DanCu's answer, so either side can later prove what was asked and what
/// was answered. Appended, never changed. Refused messages are in it too, with the reason; the access
/// log's entries of the same request carry the same `requestId`.
public struct MessageLog: Sendable {
    let store: any Store
    /// Lines of concurrent requests share a transaction. A line may carry its request's nonce claim
    /// (`append(_:claiming:)`); a line whose claim is refused is not written (nil).
    let committer: GroupCommit<Pending, Int64?>
    let openings = Openings()

    struct Pending: Sendable {
        let line: Entry
        let leaf: Leaf
        let claim: NonceClaim?
    }

    /// Each line gets its leaf index in the transaction that writes it (`TransparencyLog.sequence`).
    /// Once it committed, the lines' leaves go to `sequenced` (if they share the tree of the integration
    /// that takes from it).
    init(store: any Store, sequenced: SequencedLeaves?) {
        self.store = store
        committer = GroupCommit(
            store: store,
            work: { lines, db in
                let claims = lines.compactMap(\.claim)
                if let now = claims.first?.now { try NonceLedger.sweep(now: now, claims: claims.count, in: db) }
                let kept = try lines.map { line in try line.claim.map { try NonceLedger.claim($0, in: db) } ?? true }
                let leaves = try TransparencyLog.sequence(kept.filter { $0 }.count, in: db)
                var next = leaves.lowerBound
                return try zip(lines, kept).map { line, kept in
                    guard kept else { return nil }
                    defer { next += 1 }
                    try Self.insert(line.line, leaf: next, in: db)
                    return next
                }
            },
            committed: { lines, indices in
                sequenced?.add(zip(lines, indices).compactMap { line, index in index.map { ([line.leaf], $0) } })
            })
    }

    public struct Entry: Sendable, Equatable {
        public var at: Int64
        public var requestId: String
        /// `MEMBER/SUBSYSTEM` once the signature named a registered key; nil for messages refused before.
        public var subsystem: Subsystem?
        public var keyId: String?
        public var method: String
        public var target: String
        public var status: Int
        /// `ok`, or the refusal's problem type and reason.
        public var outcome: String
        public var requestBase: String?
        public var requestSignature: String?
        public var responseBase: String?
        public var responseSignature: String?
        /// `verify`, `person-data`, `subscriptions`, `events`: what the traffic counts are grouped by.
        public var service: String
        public var durationMicros: Int64
        /// Its leaf in the transparency log; nil only while a line from before the log waits for one.
        public var leaf: Int64?
        /// What opens the commitment of its public entry.
        public var opening: [UInt8]?

        public init(
            at: Int64, requestId: String, subsystem: Subsystem?, keyId: String?, method: String, target: String, status: Int,
            outcome: String, requestBase: String?, requestSignature: String?, responseBase: String?, responseSignature: String?,
            service: String = "", durationMicros: Int64 = 0
        ) {
            self.service = service
            self.durationMicros = durationMicros
            self.at = at
            self.requestId = requestId
            self.subsystem = subsystem
            self.keyId = keyId
            self.method = method
            self.target = target
            self.status = status
            self.outcome = outcome
            self.requestBase = requestBase
            self.requestSignature = requestSignature
            self.responseBase = responseBase
            self.responseSignature = responseSignature
        }
    }

    /// Appends a line; returns once it is committed.
    public func append(_ e: Entry) async throws {
        _ = try await append(e, claiming: nil)
    }

    /// Appends a line in the same transaction as its request's nonce `claim`, one commit for both;
    /// returns once it is committed. False when the key claimed the nonce before: then the line is not
    /// written (its answer must not leave), and the caller logs the refusal it sends instead.
    public func append(_ e: Entry, claiming claim: NonceClaim?) async throws -> Bool {
        let (line, leaf) = try e.withLeaf(openings.next())
        return try await committer.submit(Pending(line: line, leaf: leaf, claim: claim)) != nil
    }

    static func insert(_ e: Entry, leaf: Int64, in db: any SQLConnection) throws {
        try db.execute(
            """
            INSERT INTO exchange_messages (at, request_id, member, subsystem, key_id, method, target, status, outcome,
              request_base, request_signature, response_base, response_signature, service, duration_us, leaf, opening)
              VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """,
            [
                .int(e.at), .text(e.requestId), SQLValue(e.subsystem?.member), SQLValue(e.subsystem?.code), SQLValue(e.keyId),
                .text(e.method), .text(e.target), .int(Int64(e.status)), .text(e.outcome), SQLValue(e.requestBase),
                SQLValue(e.requestSignature), SQLValue(e.responseBase), SQLValue(e.responseSignature), .text(e.service),
                .int(e.durationMicros), .int(leaf), .blob(e.opening ?? []),
            ])
    }

    /// Gives the lines written before the transparency log existed their leaves, oldest first; returns
    /// how many. Run at start-up.
    @discardableResult
    static func backfillLeaves(_ store: any Store) async throws -> Int {
        try await TransparencyLog.backfill(store, table: "exchange_messages") { db, batch in
            try db.query("SELECT id FROM exchange_messages WHERE leaf IS NULL ORDER BY id LIMIT ?", [.int(Int64(batch))]).map { $0["id"] }
        }
    }

    /// The entries of one request (one, unless a member reused a request id).
    public func entries(requestId: String) async throws -> [Entry] {
        try await store.read { db in
            try db.query("SELECT * FROM exchange_messages WHERE request_id = ? ORDER BY id", [.text(requestId)]).map(Self.entry)
        }
    }

    /// The newest entries, newest first.
    public func latest(limit: Int) async throws -> [Entry] {
        try await store.read { db in
            try db.query("SELECT * FROM exchange_messages ORDER BY id DESC LIMIT ?", [.int(Int64(limit))]).map(Self.entry)
        }
    }

    static func entry(_ row: SQLRow) throws -> Entry {
        let subsystem = row["member"].string.flatMap { member in row["subsystem"].string.flatMap { try? Subsystem(member: member, code: $0) } }
        var entry = Entry(
            at: try row.int("at"), requestId: try row.string("request_id"), subsystem: subsystem, keyId: row["key_id"].string,
            method: try row.string("method"), target: try row.string("target"), status: Int(try row.int("status")),
            outcome: try row.string("outcome"), requestBase: row["request_base"].string, requestSignature: row["request_signature"].string,
            responseBase: row["response_base"].string, responseSignature: row["response_signature"].string,
            service: row["service"].string ?? "", durationMicros: row["duration_us"].int ?? 0)
        entry.leaf = row["leaf"].int
        if case .blob(let opening) = row["opening"] { entry.opening = opening }
        return entry
    }
}
