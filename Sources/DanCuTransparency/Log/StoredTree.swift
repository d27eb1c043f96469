public import DanCuStore

/// The tree as the log stores it, read in one transaction: any tile, any entry bundle, and, through
/// `MerkleHashSource`, the RFC's proofs. A subtree of height h is read from the tile level h / 8 and
/// hashed up the remaining h % 8 levels, so a proof reads O(log n) tiles of at most 256 hashes.
public struct StoredTree: MerkleHashSource {
    let db: any SQLConnection
    /// The size of the tree this reader answers for; at most what the log holds.
    public let leafCount: Int64
    /// Tiles read already, as stored: their hashes concatenated.
    private var tiles: [TileAddress.Kind: [Int64: [UInt8]]] = [:]
    /// Subtree hashes worked out already, by height and index: a proof's recursion asks again.
    private var subtrees: [Int: [Int64: [UInt8]]] = [:]

    /// A reader of the tree of the first `size` leaves; nil when the log holds fewer.
    public init?(_ db: any SQLConnection, size: Int64) throws {
        let edge = try TransparencyLog.state(in: db, lock: false)
        guard size >= 0, size <= edge.size else { return nil }
        self.db = db
        leafCount = size
    }

    /// The size the log holds now, and its root as its right edge gives it.
    public static func head(_ db: any SQLConnection) throws -> (size: Int64, root: [UInt8]) {
        let edge = try TransparencyLog.state(in: db, lock: false)
        return (edge.size, edge.root)
    }

    public mutating func hash(_ range: Range<Int64>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= leafCount else { throw TransparencyError.inconsistent("range \(range) beyond \(leafCount)") }
        let count = range.count
        if count == 0 { return MerkleHash.empty }
        if count & (count - 1) == 0, range.lowerBound % Int64(count) == 0 {
            return try subtree(height: count.trailingZeroBitCount, index: range.lowerBound / Int64(count))
        }
        let middle = range.lowerBound + MerkleHash.split(Int64(count))
        return MerkleHash.node(try hash(range.lowerBound..<middle), try hash(middle..<range.upperBound))
    }

    /// The hash of the `index`-th perfect subtree of 2^height leaves.
    mutating func subtree(height: Int, index: Int64) throws -> [UInt8] {
        if let known = subtrees[height]?[index] { return known }
        let level = height / 8
        let rise = height % 8
        let first = index << rise
        let tile = first / Int64(TileAddress.width)
        let offset = Int(first % Int64(TileAddress.width))
        let hashes = try tileHashes(level: level, tile: tile)
        let held = hashes.count / MerkleHash.size
        guard offset + (1 << rise) <= held else {
            throw TransparencyError.inconsistent("tile \(tile) of level \(level) holds \(held) hashes, not \(offset + (1 << rise))")
        }
        let hash = MerkleHash.root(ofConcatenated: hashes[(offset * MerkleHash.size)..<((offset + (1 << rise)) * MerkleHash.size)])
        subtrees[height, default: [:]][index] = hash
        return hash
    }

    /// The hashes stored for a tile, full or as far as it is filled, concatenated.
    mutating func tileHashes(level: Int, tile: Int64) throws -> [UInt8] {
        if let known = tiles[.hashes(level: level)]?[tile] { return known }
        var bytes: [UInt8] = []
        if let row = try db.query("SELECT hashes FROM transparency_tiles WHERE level = ? AND idx = ?", [.int(Int64(level)), .int(tile)]).first,
            case .blob(let stored) = row["hashes"]
        {
            bytes = stored
        } else if level == 0 {
            let width = Int64(TileAddress.width)
            let rows = try db.query(
                "SELECT hash FROM transparency_tail WHERE idx >= ? AND idx < ? AND idx < ? ORDER BY idx",
                [.int(tile * width), .int((tile + 1) * width), .int(leafCount)])
            for row in rows {
                guard case .blob(let hash) = row["hash"] else { throw TransparencyError.inconsistent("a leaf of tile \(tile) has no hash") }
                bytes += hash
            }
        }
        guard bytes.count % MerkleHash.size == 0, bytes.count <= TileAddress.width * MerkleHash.size else {
            throw TransparencyError.inconsistent("tile \(tile) of level \(level) holds \(bytes.count) bytes")
        }
        tiles[.hashes(level: level), default: [:]][tile] = bytes
        return bytes
    }

    /// How many hashes (or entries) the tile `tile` at `level` has in the tree of `leafCount` leaves.
    /// Any index a path can spell is asked: none is multiplied out before it is known to be in the tree.
    func available(level: Int, tile: Int64) -> Int {
        let shift = 8 * level
        guard shift < 63 else { return 0 }
        let atLevel = leafCount >> Int64(shift)
        let width = Int64(TileAddress.width)
        guard tile <= atLevel / width else { return 0 }
        return Int(min(width, atLevel - tile * width))
    }

    /// The bytes of a tile or entry bundle as C2SP tlog-tiles serves them; nil when the tree of
    /// `leafCount` leaves does not have that many of its hashes (or entries) yet.
    public mutating func resource(_ address: TileAddress) throws -> [UInt8]? {
        switch address.kind {
        case .hashes(let level):
            guard address.width <= available(level: level, tile: address.index) else { return nil }
            let hashes = try tileHashes(level: level, tile: address.index)
            guard hashes.count >= address.width * MerkleHash.size else { throw TransparencyError.inconsistent("tile \(address.path) is short") }
            return hashes.count == address.width * MerkleHash.size ? hashes : Array(hashes.prefix(address.width * MerkleHash.size))
        case .entries:
            guard address.width <= available(level: 0, tile: address.index) else { return nil }
            return try bundle(address.index, width: address.width)
        }
    }

    /// The first `width` entries of bundle `tile`, each after its uint16 length: a full tile's bundle
    /// as it is stored, or the part of it the tree of `leafCount` leaves has.
    func bundle(_ tile: Int64, width: Int) throws -> [UInt8] {
        if let stored = try storedBundle(tile) {
            guard let end = Self.end(ofEntries: width, inBundle: stored) else {
                throw TransparencyError.inconsistent("the entry bundle of tile \(tile) holds fewer than \(width) entries")
            }
            return end == stored.count ? stored : Array(stored[..<end])
        }
        var bytes: [UInt8] = []
        for entry in try rowEntries(tile * Int64(TileAddress.width)..<(tile * Int64(TileAddress.width) + Int64(width))) {
            TransparencyLog.addToBundle(entry, &bytes)
        }
        return bytes
    }

    /// The stored public entries of `leaves`, in order: from the bundles of full tiles, and from rows for
    /// the tile still being filled (and the full tiles of a log grown before bundles were stored).
    public func entries(_ leaves: Range<Int64>) throws -> [[UInt8]] {
        guard !leaves.isEmpty else { return [] }
        let width = Int64(TileAddress.width)
        var entries: [[UInt8]] = []
        entries.reserveCapacity(leaves.count)
        var next = leaves.lowerBound
        while next < leaves.upperBound {
            let tile = next / width
            let part = next..<min(leaves.upperBound, (tile + 1) * width)
            if let stored = try storedBundle(tile) {
                guard let bundled = Self.entries(inBundle: stored), bundled.count == TileAddress.width else {
                    throw TransparencyError.inconsistent("the entry bundle of tile \(tile) does not hold \(TileAddress.width) entries")
                }
                entries += bundled[Int(part.lowerBound - tile * width)..<Int(part.upperBound - tile * width)]
            } else {
                entries += try rowEntries(part)
            }
            next = part.upperBound
        }
        return entries
    }

    /// The stored entry bundle of full tile `tile`; nil when its entries are rows.
    private func storedBundle(_ tile: Int64) throws -> [UInt8]? {
        guard let row = try db.query("SELECT entries FROM transparency_bundles WHERE idx = ?", [.int(tile)]).first else { return nil }
        guard case .blob(let bytes) = row["entries"] else { throw TransparencyError.inconsistent("the entry bundle of tile \(tile) is not bytes") }
        return bytes
    }

    /// The entries of `leaves` kept as rows, in order.
    private func rowEntries(_ leaves: Range<Int64>) throws -> [[UInt8]] {
        let rows = try db.query(
            "SELECT idx, entry FROM transparency_entries WHERE idx >= ? AND idx < ? ORDER BY idx", [.int(leaves.lowerBound), .int(leaves.upperBound)])
        var entries: [[UInt8]] = []
        entries.reserveCapacity(leaves.count)
        for (offset, row) in rows.enumerated() {
            guard row["idx"].int == leaves.lowerBound + Int64(offset), case .blob(let entry) = row["entry"] else {
                throw TransparencyError.missingEntry(leaves.lowerBound + Int64(offset))
            }
            entries.append(entry)
        }
        guard entries.count == leaves.count else { throw TransparencyError.missingEntry(leaves.lowerBound + Int64(entries.count)) }
        return entries
    }

    /// The public entry at leaf `index`.
    public func entry(_ index: Int64) throws -> [UInt8]? {
        guard index >= 0, index < leafCount else { return nil }
        return try entries(index..<(index + 1)).first
    }

    /// The entries of a bundle; nil when a length runs past its end.
    public static func entries(inBundle bytes: [UInt8]) -> [[UInt8]]? {
        var entries: [[UInt8]] = []
        var at = 0
        while at < bytes.count {
            guard let length = length(at: at, in: bytes) else { return nil }
            entries.append(Array(bytes[(at + 2)..<(at + 2 + length)]))
            at += 2 + length
        }
        return entries
    }

    /// Where the first `count` entries of a bundle end; nil when it holds fewer or a length runs past its end.
    static func end(ofEntries count: Int, inBundle bytes: [UInt8]) -> Int? {
        var at = 0
        for _ in 0..<count {
            guard let length = length(at: at, in: bytes) else { return nil }
            at += 2 + length
        }
        return at
    }

    /// The length of the entry whose uint16 length is at `at`; nil when either runs past the end.
    private static func length(at: Int, in bytes: [UInt8]) -> Int? {
        guard at + 2 <= bytes.count else { return nil }
        let length = Int(bytes[at]) << 8 | Int(bytes[at + 1])
        guard at + 2 + length <= bytes.count else { return nil }
        return length
    }
}
