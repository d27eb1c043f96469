public import DanCuStore

public enum TransparencyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The log's state row is missing: `TransparencyLog.prepare` never ran on this store.
    case notPrepared
    /// An entry longer than an entry bundle can hold (65,535 bytes).
    case entryTooLong(Int)
    /// A leaf whose public entry is not stored.
    case missingEntry(Int64)
    /// What is stored does not add up (a tile of the wrong width, a missing leaf): the log was altered.
    case inconsistent(String)

    public var description: String {
        switch self {
        case .notPrepared: "the transparency log has no state: run its migrations and prepare() first"
        case .entryTooLong(let n): "a log entry of \(n) bytes is longer than the 65,535 an entry bundle holds"
        case .missingEntry(let leaf): "the entry of leaf \(leaf) is missing"
        case .inconsistent(let what): "the transparency log is inconsistent: \(what)"
        }
    }
}

/// The tree of the logs' lines, grown in two steps, as Trillian's and Tessera's logs grow theirs:
///
/// 1. **Sequencing.** The transaction that writes log lines (the access log's group commit, the
///    message log's) gives each its leaf index (`sequence`), so no line commits without its place in
///    the log and no two lines share one. It costs one row's update: what a line's leaf is follows
///    from the line and its opening, and nothing is hashed on the way.
/// 2. **Integration.** `Checkpoints.integrate` (before every checkpoint, every second while lines
///    arrive) rebuilds the public entries of the sequenced lines from their rows, outside any write
///    transaction, and `append`s them: entries, leaf hashes, tiles and the right edge, in transactions
///    of their own. A checkpoint signs only integrated leaves.
///
/// The state row is read first (on PostgreSQL locked), so servers sharing a database sequence one
/// after another and leaf indices follow commit order.
public struct TransparencyLog: Sendable {
    public init() {}

    /// Creates the state row of an empty tree, unless there is one.
    public static func prepare(_ store: any Store) async throws {
        try await store.write { db in
            guard try db.query("SELECT size FROM transparency_state WHERE one = 1", []).isEmpty else { return }
            try db.execute("INSERT INTO transparency_state (one, size, edge, sequenced) VALUES (1, 0, ?, 0)", [.blob([])])
        }
    }

    /// Takes the log's lock for the rest of the transaction (PostgreSQL; a SQLite write holds the whole
    /// file already): what the caller reads afterwards, no other appender changes before it commits.
    public static func lock(in db: any SQLConnection) throws {
        _ = try state(in: db, lock: true)
    }

    /// Gives `count` lines their leaf indices, in order, in the caller's transaction (the one that
    /// writes them); returns the indices.
    public static func sequence(_ count: Int, in db: any SQLConnection) throws -> Range<Int64> {
        let forUpdate = db.dialect == .postgres ? " FOR UPDATE" : ""
        guard let row = try db.query("SELECT sequenced FROM transparency_state WHERE one = 1\(forUpdate)", []).first else {
            throw TransparencyError.notPrepared
        }
        let first = try row.int("sequenced")
        guard count > 0 else { return first..<first }
        try db.execute("UPDATE transparency_state SET sequenced = ? WHERE one = 1", [.int(first + Int64(count))])
        return first..<(first + Int64(count))
    }

    /// How many leaves are integrated into the tree (`size`) and how many are sequenced, integrated or not.
    public static func counts(in db: any SQLConnection) throws -> (size: Int64, sequenced: Int64) {
        guard let row = try db.query("SELECT size, sequenced FROM transparency_state WHERE one = 1", []).first else {
            throw TransparencyError.notPrepared
        }
        return (try row.int("size"), try row.int("sequenced"))
    }

    /// The tree's size and right edge as stored; `lock` on PostgreSQL holds the row for the rest of the
    /// transaction.
    static func state(in db: any SQLConnection, lock: Bool) throws -> CompactRange {
        let forUpdate = lock && db.dialect == .postgres ? " FOR UPDATE" : ""
        guard let row = try db.query("SELECT size, edge FROM transparency_state WHERE one = 1\(forUpdate)", []).first else {
            throw TransparencyError.notPrepared
        }
        guard case .blob(let edgeBytes) = row["edge"], let edge = CompactRange(size: try row.int("size"), serialized: edgeBytes) else {
            throw TransparencyError.inconsistent("the state row's size and right edge disagree")
        }
        return edge
    }

    /// Integrates `leaves` into the tree after those it holds, in order; returns their indices. Leaves
    /// appended here that nothing sequenced (synthetic logs, tests) count as sequenced too.
    /// A tile the leaves fill is stored whole at once, its hashes as the tile and its entries as the
    /// entry bundle; only the leaves of the tile still being filled wait in `transparency_tail` and
    /// `transparency_entries`, so most leaves cost a share of two rows.
    @discardableResult
    public func append(_ leaves: [Leaf], in db: any SQLConnection) throws -> Range<Int64> {
        var edge = try Self.state(in: db, lock: true)
        let first = edge.size
        guard !leaves.isEmpty else { return first..<first }
        for leaf in leaves { edge.append(leafHash: leaf.hash) }
        let width = Int64(TileAddress.width)
        var next = first
        while next < edge.size {
            let tile = next / width
            let end = min(edge.size, (tile + 1) * width)
            let chunk = leaves[Int(next - first)..<Int(end - first)]
            if end == (tile + 1) * width {
                try seal(tile: tile, adding: chunk, from: next, in: db)
            } else {
                try db.bulkInsert(
                    table: "transparency_tail", columns: ["idx", "hash"],
                    rows: chunk.enumerated().map { [.int(next + Int64($0.offset)), .blob($0.element.hash)] })
                try db.bulkInsert(
                    table: "transparency_entries", columns: ["idx", "entry"],
                    rows: chunk.enumerated().map { [.int(next + Int64($0.offset)), .blob($0.element.entry)] })
            }
            next = end
        }
        try db.execute(
            "UPDATE transparency_state SET size = ?, edge = ?, sequenced = CASE WHEN sequenced < ? THEN ? ELSE sequenced END WHERE one = 1",
            [.int(edge.size), .blob(edge.serialized), .int(edge.size), .int(edge.size)])
        return first..<edge.size
    }

    /// Gives a log's rows from before the transparency log their leaves (sequenced, integrated with the
    /// next checkpoint) and openings, oldest first, in transactions of `batch`: `unleaved` reads the ids
    /// of up to `batch` rows of `table` without a leaf, in id order. Returns how many. Run at start-up,
    /// before the server takes requests.
    @discardableResult
    public static func backfill(
        _ store: any Store, table: String, batch: Int = 2_000,
        unleaved: @escaping @Sendable (any SQLConnection, Int) throws -> [SQLValue]
    ) async throws -> Int {
        var done = 0
        let openings = Openings()
        while true {
            let count = try await store.write { db in
                try lock(in: db)
                let ids = try unleaved(db, batch)
                guard !ids.isEmpty else { return 0 }
                let leaves = try sequence(ids.count, in: db)
                // One statement a batch, not one a row: on PostgreSQL each is a round trip.
                let rows = Array(repeating: "(?, ?, ?)", count: ids.count).joined(separator: ", ")
                var binds: [SQLValue] = []
                binds.reserveCapacity(ids.count * 3)
                for (position, id) in ids.enumerated() {
                    binds += [id, .int(leaves.lowerBound + Int64(position)), .blob(openings.next())]
                }
                try db.execute(
                    """
                    WITH given (id, leaf, opening) AS (VALUES \(rows))
                    UPDATE \(table) SET leaf = given.leaf, opening = given.opening FROM given WHERE \(table).id = given.id
                    """, binds)
                return ids.count
            }
            done += count
            if count < batch { return done }
        }
    }

    /// Stores level-0 tile `tile`, which `leaves` (from `start` on) fill, and its entry bundle: the
    /// leaves before `start` wait in the tail, and leave it now. Carries the tile's hash up into the
    /// level above.
    private func seal(tile: Int64, adding leaves: ArraySlice<Leaf>, from start: Int64, in db: any SQLConnection) throws {
        let width = Int64(TileAddress.width)
        let waiting = start - tile * width
        var hashes: [UInt8] = []
        hashes.reserveCapacity(TileAddress.width * MerkleHash.size)
        var bundle: [UInt8] = []
        // The waiting entries' sizes are known only once read: assume them as long as the new ones.
        let given = leaves.reduce(0) { $0 + 2 + $1.entry.count }
        bundle.reserveCapacity(given + given / max(leaves.count, 1) * Int(waiting))
        if waiting > 0 {
            let tail = [.int(tile * width), .int(start)] as [SQLValue]
            let rows = try db.query("SELECT idx, hash FROM transparency_tail WHERE idx >= ? AND idx < ? ORDER BY idx", tail)
            let entries = try db.query("SELECT idx, entry FROM transparency_entries WHERE idx >= ? AND idx < ? ORDER BY idx", tail)
            guard rows.count == Int(waiting) else {
                throw TransparencyError.inconsistent("the tail of tile \(tile) holds \(rows.count) leaves, not \(waiting)")
            }
            guard entries.count == Int(waiting) else { throw TransparencyError.missingEntry(tile * width + Int64(entries.count)) }
            for (offset, (row, entryRow)) in zip(rows, entries).enumerated() {
                let leaf = tile * width + Int64(offset)
                guard row["idx"].int == leaf, case .blob(let hash) = row["hash"] else {
                    throw TransparencyError.inconsistent("leaf \(leaf) is missing from the tail")
                }
                guard entryRow["idx"].int == leaf, case .blob(let entry) = entryRow["entry"] else { throw TransparencyError.missingEntry(leaf) }
                hashes += hash
                Self.addToBundle(entry, &bundle)
            }
            try db.execute("DELETE FROM transparency_tail WHERE idx >= ? AND idx < ?", tail)
            try db.execute("DELETE FROM transparency_entries WHERE idx >= ? AND idx < ?", tail)
        }
        for leaf in leaves {
            hashes += leaf.hash
            Self.addToBundle(leaf.entry, &bundle)
        }
        guard hashes.count == TileAddress.width * MerkleHash.size else {
            throw TransparencyError.inconsistent("tile \(tile) has \(hashes.count / MerkleHash.size) leaves")
        }
        try db.execute("INSERT INTO transparency_tiles (level, idx, hashes) VALUES (0, ?, ?)", [.int(tile), .blob(hashes)])
        try db.execute("INSERT INTO transparency_bundles (idx, entries) VALUES (?, ?)", [.int(tile), .blob(bundle)])
        try carry(MerkleHash.root(ofConcatenated: hashes[...]), level: 1, position: tile, in: db)
    }

    /// An entry as an entry bundle holds it: after its length as a big-endian uint16 (C2SP tlog-tiles).
    static func addToBundle(_ entry: [UInt8], _ bundle: inout [UInt8]) {
        bundle.append(UInt8(truncatingIfNeeded: entry.count >> 8))
        bundle.append(UInt8(truncatingIfNeeded: entry.count))
        bundle += entry
    }

    /// Appends `hash` (that of the full tile `position` of the level below) to its tile at `level`;
    /// a tile that fills carries its own hash up again.
    private func carry(_ hash: [UInt8], level: Int, position: Int64, in db: any SQLConnection) throws {
        let width = Int64(TileAddress.width)
        let tile = position / width
        let stored = try db.query("SELECT hashes FROM transparency_tiles WHERE level = ? AND idx = ?", [.int(Int64(level)), .int(tile)]).first
        var hashes: [UInt8] = []
        if let stored, case .blob(let bytes) = stored["hashes"] { hashes = bytes }
        guard hashes.count == Int(position % width) * MerkleHash.size else {
            throw TransparencyError.inconsistent("tile \(tile) of level \(level) holds \(hashes.count) bytes before hash \(position)")
        }
        hashes += hash
        try db.execute(
            """
            INSERT INTO transparency_tiles (level, idx, hashes) VALUES (?, ?, ?)
            ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes
            """, [.int(Int64(level)), .int(tile), .blob(hashes)])
        if hashes.count == TileAddress.width * MerkleHash.size {
            try carry(MerkleHash.root(ofConcatenated: hashes[...]), level: level + 1, position: tile, in: db)
        }
    }
}
