public import DanCuAccess
import DanCuExchange
public import DanCuStore
public import DanCuTransparency

/// The transparency log checked against itself and against the logs it stands for, from the database
/// (`dancu transparency verify --data-dir`, and `dancu serve` before it serves), after integrating what
/// the logs sequenced (as the server would, within a second): every stored entry hashes to its leaf;
/// the leaves give the root of the last signed checkpoint (whose signature holds) and that of the
/// tree's state; every tile above level 0 holds the hashes of the full tiles below; every leaf has its
/// access-log entry or message-log line, which gives the very public entry stored; and no line lacks
/// a leaf. An edited, deleted or reordered row, or an edited tile or entry, shows up.
public struct LogAudit: Sendable {
    public let log: PublicLog
    /// Whether the message log of the exchange gateway is in the store (it is where the gateway runs).
    public let withMessageLog: Bool

    public init(log: PublicLog, withMessageLog: Bool) {
        self.log = log
        self.withMessageLog = withMessageLog
    }

    var entries: LoggedEntries { LoggedEntries(withMessageLog: withMessageLog) }

    public struct Report: Sendable {
        public var size: Int64 = 0
        public var checkpointSize: Int64?
        /// Leaves sequenced but not integrated: none after a clean audit, which integrates first.
        public var pending: Int64 = 0
        public var problems: [String] = []
        /// Problems beyond the first `shown` are counted, not described.
        public var unshown = 0
        static let shown = 50

        public var isClean: Bool { problems.isEmpty }

        mutating func problem(_ text: String) {
            if problems.count < Self.shown { problems.append(text) } else { unshown += 1 }
        }
    }

    public func run() async throws -> Report {
        let store = log.checkpoints.store
        var report = Report()
        do {
            try await log.checkpoints.integrate()
        } catch let error as TransparencyError {
            report.problem("the leaves the logs sequenced cannot be integrated: \(error)")
        }
        let (size, edgeRoot, sequenced) = try await store.read { db in
            let head = try StoredTree.head(db)
            return (head.size, head.root, try TransparencyLog.counts(in: db).sequenced)
        }
        report.size = size
        report.pending = sequenced - size
        let checkpoint = try await log.checkpoints.latest()
        if let checkpoint {
            report.checkpointSize = checkpoint.checkpoint.size
            let verifiers = [log.checkpoints.signer] + log.checkpoints.previous
            let signed = SignedNote(checkpoint.note).map { note in verifiers.contains { Checkpoint.verified(note, by: $0.verifier) != nil } } ?? false
            if !signed { report.problem("the last checkpoint's signature does not verify with the log's key") }
            if checkpoint.checkpoint.size > size {
                report.problem("the last checkpoint covers \(checkpoint.checkpoint.size) entries; the log holds \(size)")
            }
        }
        var edge = CompactRange()
        var tileHashes: [[UInt8]] = []
        let width = Int64(TileAddress.width)
        var tile: Int64 = 0
        while tile * width < size {
            let range = (tile * width)..<min(size, (tile + 1) * width)
            guard let leafTile = TileAddress(.hashes(level: 0), index: tile, width: range.count) else {
                throw TransparencyError.inconsistent("tile \(tile) has no address")
            }
            let (hashes, stored, sources) = try await store.read { [entries] db in
                guard var tree = try StoredTree(db, size: size), let hashes = try tree.resource(leafTile) else {
                    throw TransparencyError.inconsistent("\(leafTile.path) cannot be read")
                }
                let stored = (try? tree.entries(range)) ?? []
                return (hashes, stored, try entries.entries(range, in: db))
            }
            if stored.count != range.count { report.problem("public entries of tile 0/\(tile) are missing from the log's store") }
            var leaves: [[UInt8]] = []
            for (offset, leaf) in range.enumerated() {
                let hash = Array(hashes[(offset * 32)..<(offset * 32 + 32)])
                leaves.append(hash)
                let entry = offset < stored.count ? stored[offset] : nil
                if let entry, MerkleHash.leaf(entry) != hash {
                    report.problem("entry \(leaf) does not hash to its leaf in tile 0/\(tile): the entry or the tile was edited")
                }
                switch sources[leaf] {
                case nil: report.problem("leaf \(leaf) has no access-log entry or message-log line: a row was deleted, or its leaf changed")
                case .some(let rebuilt) where rebuilt != entry:
                    report.problem("the row of leaf \(leaf) no longer gives its public entry: it was edited or moved")
                default: break
                }
                edge.append(leafHash: hash)
                if let checkpoint, edge.size == checkpoint.checkpoint.size, edge.root != checkpoint.checkpoint.root {
                    report.problem("the tiles do not give the root of the last signed checkpoint (\(edge.size) entries)")
                }
            }
            if leaves.count == TileAddress.width { tileHashes.append(MerkleHash.root(of: leaves)) }
            tile += 1
        }
        if let checkpoint, checkpoint.checkpoint.size == 0, checkpoint.checkpoint.root != MerkleHash.empty {
            report.problem("the empty checkpoint has a root other than the empty tree's")
        }
        if edge.root != edgeRoot { report.problem("the entries do not give the root the tree's state holds (\(size) entries)") }
        try await checkUpperTiles(tileHashes, size: size, store: store, into: &report)
        let unaccounted = try await store.read { db in
            var (without, beyond) = (try AccessLogLeaves.withoutLeaf(in: db), try AccessLogLeaves.beyond(sequenced, in: db))
            if withMessageLog {
                let messages = try MessageLog.unaccounted(size: sequenced, in: db)
                without += messages.withoutLeaf
                beyond += messages.beyond
            }
            return (without, beyond)
        }
        if unaccounted.0 > 0 { report.problem("\(unaccounted.0) log rows have no leaf: they were written around the transparency log") }
        if unaccounted.1 > 0 { report.problem("\(unaccounted.1) log rows claim leaves beyond the \(sequenced) the log sequenced") }
        return report
    }

    /// Each level's stored tiles against the hashes of the full tiles of the level below.
    private func checkUpperTiles(_ first: [[UInt8]], size: Int64, store: any Store, into report: inout Report) async throws {
        var below = first
        var level = 1
        while !below.isEmpty {
            let expected = below
            let stored = try await store.read { [level] db -> [[UInt8]] in
                guard var tree = try StoredTree(db, size: size) else { return [] }
                var hashes: [[UInt8]] = []
                var tile: Int64 = 0
                while Int(tile) * TileAddress.width < expected.count {
                    let width = min(TileAddress.width, expected.count - Int(tile) * TileAddress.width)
                    guard let address = TileAddress(.hashes(level: level), index: tile, width: width), let bytes = try tree.resource(address) else {
                        break
                    }
                    hashes += MerkleHash.hashes(in: bytes)
                    tile += 1
                }
                return hashes
            }
            if stored != expected { report.problem("the tiles of level \(level) do not hold the hashes of the full tiles of level \(level - 1)") }
            below = stride(from: 0, to: expected.count - expected.count % TileAddress.width, by: TileAddress.width).map {
                MerkleHash.root(of: Array(expected[$0..<($0 + TileAddress.width)]))
            }
            level += 1
        }
    }
}
