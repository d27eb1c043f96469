import Crypto
public import DanCuStore

public enum TransparencyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The log's state row is missing: `TransparencyLog.prepare` never ran on this store.
    case notPrepared
    /// An entry longer than an entry bundle can hold (65,535 bytes).
    case entryTooLong(Int)
    /// What is stored does not add up (a tile of the wrong width, a missing leaf): the log was altered.
    case inconsistent(String)

    public var description: String {
        switch self {
        case .notPrepared: "the transparency log has no state: run its migrations and prepare() first"
        case .entryTooLong(let n): "a log entry of \(n) bytes is longer than the 65,535 an entry bundle holds"
        case .inconsistent(let what): "the transparency log is inconsistent: \(what)"
        }
    }
}

/// Appends leaves to the tree inside the caller's transaction, the one that writes the log lines they
/// stand for, so no line commits without its leaf index and no leaf without its line. The state row
/// is read first (on PostgreSQL locked), so the servers sharing a database append one after another
/// and leaf indices follow commit order.
public struct TransparencyLog: Sendable {
    public init() {}

    /// Creates the state row with a new random opening key, unless there is one.
    public static func prepare(_ store: any Store) async throws {
        try await store.write { db in
            guard try db.query("SELECT size FROM transparency_state WHERE one = 1", []).isEmpty else { return }
            let key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
            try db.execute("INSERT INTO transparency_state (one, size, edge, opening_key) VALUES (1, 0, ?, ?)", [.blob([]), .blob(key)])
        }
    }

    /// Takes the log's lock for the rest of the transaction (PostgreSQL; a SQLite write holds the whole
    /// file already): what the caller reads afterwards, no other appender changes before it commits.
    public static func lock(in db: any SQLConnection) throws {
        _ = try state(in: db, lock: true)
    }

    /// The key entries' openings are derived from, for those who recompute entries (an audit, `/me`).
    public static func commitments(in db: any SQLConnection) throws -> Commitments {
        try state(in: db, lock: false).commitments
    }

    /// The tree's size, right edge and opening key as stored; `lock` on PostgreSQL holds the row for the
    /// rest of the transaction.
    static func state(in db: any SQLConnection, lock: Bool) throws -> (edge: CompactRange, commitments: Commitments) {
        let forUpdate = lock && db.dialect == .postgres ? " FOR UPDATE" : ""
        guard let row = try db.query("SELECT size, edge, opening_key FROM transparency_state WHERE one = 1\(forUpdate)", []).first else {
            throw TransparencyError.notPrepared
        }
        guard case .blob(let edgeBytes) = row["edge"], case .blob(let key) = row["opening_key"],
            let edge = CompactRange(size: try row.int("size"), serialized: edgeBytes)
        else { throw TransparencyError.inconsistent("the state row's size and right edge disagree") }
        return (edge, Commitments(openingKey: key))
    }

    /// Appends `count` entries; `entry` gives the public bytes of the entry at a position of the batch
    /// and its leaf index (with the commitments, to bind what it must not show). Returns the leaf
    /// indices, in order.
    @discardableResult
    public func append(
        _ count: Int, in db: any SQLConnection, entry: (_ position: Int, _ leaf: Int64, Commitments) throws -> [UInt8]
    ) throws -> Range<Int64> {
        var (edge, commitments) = try Self.state(in: db, lock: true)
        let first = edge.size
        guard count > 0 else { return first..<first }
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(count)
        for leaf in first..<(first + Int64(count)) {
            let bytes = try entry(Int(leaf - first), leaf, commitments)
            guard bytes.count <= Int(UInt16.max) else { throw TransparencyError.entryTooLong(bytes.count) }
            let hash = MerkleHash.leaf(bytes)
            edge.append(leafHash: hash)
            rows.append([.int(leaf), .blob(bytes), .blob(hash)])
        }
        try db.bulkInsert(table: "transparency_tail", columns: ["idx", "entry", "hash"], rows: rows)
        let width = Int64(TileAddress.width)
        var tile = first / width
        while (tile + 1) * width <= edge.size {
            try seal(tile: tile, in: db)
            tile += 1
        }
        try db.execute("UPDATE transparency_state SET size = ?, edge = ? WHERE one = 1", [.int(edge.size), .blob(edge.serialized)])
        return first..<edge.size
    }

    /// Turns the 256 leaves of a level-0 tile into its stored tile and entry bundle, and carries the
    /// tile's hash up into the level above.
    private func seal(tile: Int64, in db: any SQLConnection) throws {
        let width = Int64(TileAddress.width)
        let rows = try db.query(
            "SELECT idx, entry, hash FROM transparency_tail WHERE idx >= ? AND idx < ? ORDER BY idx", [.int(tile * width), .int((tile + 1) * width)])
        var hashes: [UInt8] = []
        var bundle: [UInt8] = []
        var leaves: [[UInt8]] = []
        for (offset, row) in rows.enumerated() {
            guard row["idx"].int == tile * width + Int64(offset), case .blob(let entry) = row["entry"], case .blob(let hash) = row["hash"] else {
                throw TransparencyError.inconsistent("leaf \(tile * width + Int64(offset)) is missing from the tail")
            }
            hashes += hash
            leaves.append(hash)
            bundle += [UInt8(entry.count >> 8), UInt8(entry.count & 0xFF)] + entry
        }
        guard leaves.count == TileAddress.width else { throw TransparencyError.inconsistent("tile \(tile) has \(leaves.count) leaves") }
        try db.execute("INSERT INTO transparency_tiles (level, idx, hashes) VALUES (0, ?, ?)", [.int(tile), .blob(hashes)])
        try db.execute("INSERT INTO transparency_bundles (idx, entries) VALUES (?, ?)", [.int(tile), .blob(bundle)])
        try db.execute("DELETE FROM transparency_tail WHERE idx >= ? AND idx < ?", [.int(tile * width), .int((tile + 1) * width)])
        try carry(Self.tileHash(leaves), level: 1, position: tile, in: db)
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
            let full = stride(from: 0, to: hashes.count, by: MerkleHash.size).map { Array(hashes[$0..<($0 + MerkleHash.size)]) }
            try carry(Self.tileHash(full), level: level + 1, position: tile, in: db)
        }
    }

    /// MTH of a full tile's 256 hashes (a perfect subtree of height 8).
    static func tileHash(_ hashes: [[UInt8]]) -> [UInt8] {
        var level = hashes
        while level.count > 1 {
            level = stride(from: 0, to: level.count, by: 2).map { MerkleHash.node(level[$0], level[$0 + 1]) }
        }
        return level.first ?? MerkleHash.empty
    }
}
