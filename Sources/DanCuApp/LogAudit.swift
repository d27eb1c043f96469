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
        /// The first leaf checked against its row: 0 for a whole audit.
        public var from: Int64 = 0
        public var checkpointSize: Int64?
        /// Leaves sequenced but not integrated: none after a clean audit, which integrates first.
        public var pending: Int64 = 0
        /// What the audit integrated first. The leaves it rebuilt from their rows are not rebuilt from
        /// them again: that would only find what it had just made.
        public var integrated = Checkpoints.Integration()
        /// How many leaves were held against the rows they stand for.
        public var checkedAgainstRows: Int64 = 0
        public var problems: [String] = []
        /// Problems beyond the first `shown` are counted, not described.
        public var unshown = 0
        static let shown = 50

        public var isClean: Bool { problems.isEmpty }

        mutating func problem(_ text: String) {
            if problems.count < Self.shown { problems.append(text) } else { unshown += 1 }
        }
    }

    /// What an audit goes through.
    public enum Scope: Sendable {
        /// Every leaf from the first: `dancu transparency verify --data-dir`, and a start with no mark.
        case whole
        /// The leaves from the tile that holds the last mark of a clean audit on (`Checkpoints.lastAudit`),
        /// after checking that the stored tree still gives that mark's root and every signed checkpoint
        /// below it its own: `dancu serve` at start-up, so that starting does not take longer as the log
        /// grows. An edit to a row or a level-0 tile below the mark is found by the whole audit only (a
        /// tile's also by any monitor, which recomputes the tree from the tiles served).
        case sinceLastAudit
    }

    /// Audits the log; a clean audit records its size and root as the next mark. `tilesPerTransaction`
    /// is how many tiles the integration that comes first appends at once (`Checkpoints.integration`).
    public func run(_ scope: Scope = .whole, tilesPerTransaction: Int = 1) async throws -> Report {
        let store = log.checkpoints.store
        var report = Report()
        do {
            report.integrated = try await log.checkpoints.integration(tilesPerTransaction: tilesPerTransaction)
        } catch let error as TransparencyError {
            report.problem("the leaves the logs sequenced cannot be integrated: \(error)")
        }
        // The log grows while the whole audit runs beside the server: the checkpoint is read before the
        // tree's size, so it never covers more than that size, and the rows beyond what was sequenced
        // are counted against the count read in the same snapshot as they are.
        let checkpoint = try await log.checkpoints.latest()
        let (size, edgeRoot, sequenced) = try await store.read { db in
            let head = try StoredTree.head(db)
            return (head.size, head.root, try TransparencyLog.counts(in: db).sequenced)
        }
        report.size = size
        report.pending = sequenced - size
        if let checkpoint {
            report.checkpointSize = checkpoint.checkpoint.size
            let verifiers = [log.checkpoints.signer] + log.checkpoints.previous
            let signed = SignedNote(checkpoint.note).map { note in verifiers.contains { Checkpoint.verified(note, by: $0.verifier) != nil } } ?? false
            if !signed { report.problem("the last checkpoint's signature does not verify with the log's key") }
            if checkpoint.checkpoint.size > size {
                report.problem("the last checkpoint covers \(checkpoint.checkpoint.size) entries; the log holds \(size)")
            }
        }
        let width = Int64(TileAddress.width)
        let mark = scope == .sinceLastAudit ? try await log.checkpoints.lastAudit(atMost: size) : nil
        var edge = CompactRange()
        if let mark {
            edge = try await resume(from: mark, size: size, checkpoint: checkpoint?.checkpoint, into: &report)
        }
        report.from = edge.size
        var tileHashes: [[UInt8]] = []
        let firstTile = edge.size / width
        var tile = firstTile
        while tile * width < size {
            try Task.checkCancellation()
            let range = (tile * width)..<min(size, (tile + 1) * width)
            guard let leafTile = TileAddress(.hashes(level: 0), index: tile, width: range.count) else {
                throw TransparencyError.inconsistent("tile \(tile) has no address")
            }
            // Tiles this audit's integration rebuilt from their rows: their hashes only, for the roots.
            let madeHere = report.integrated.rebuiltFromRows.map { $0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound } ?? false
            let (hashes, stored, sources) = try await store.read { [entries] db in
                guard var tree = try StoredTree(db, size: size), let hashes = try tree.resource(leafTile) else {
                    throw TransparencyError.inconsistent("\(leafTile.path) cannot be read")
                }
                guard !madeHere else { return (hashes, [[UInt8]](), [Int64: [UInt8]]()) }
                let stored = (try? tree.entries(range)) ?? []
                return (hashes, stored, try entries.entries(range, in: db))
            }
            if !madeHere {
                report.checkedAgainstRows += Int64(range.count)
                if stored.count != range.count { report.problem("public entries of tile 0/\(tile) are missing from the log's store") }
            }
            var leaves: [[UInt8]] = []
            for (offset, leaf) in range.enumerated() {
                let hash = Array(hashes[(offset * 32)..<(offset * 32 + 32)])
                leaves.append(hash)
                if !madeHere { check(leaf, hash: hash, entry: offset < stored.count ? stored[offset] : nil, rebuilt: sources[leaf], tile: tile, into: &report) }
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
        try await checkUpperTiles(tileHashes, from: firstTile, size: size, store: store, into: &report)
        let unaccounted = try await store.read { db in
            let sequenced = try TransparencyLog.counts(in: db).sequenced
            var (without, beyond) = (try AccessLogLeaves.withoutLeaf(in: db), try AccessLogLeaves.beyond(sequenced, in: db))
            if withMessageLog {
                let messages = try MessageLog.unaccounted(size: sequenced, in: db)
                without += messages.withoutLeaf
                beyond += messages.beyond
            }
            return (without, beyond, sequenced)
        }
        if unaccounted.0 > 0 { report.problem("\(unaccounted.0) log rows have no leaf: they were written around the transparency log") }
        if unaccounted.1 > 0 { report.problem("\(unaccounted.1) log rows claim leaves beyond the \(unaccounted.2) the log sequenced") }
        if report.isClean, edge.size == size { try await log.checkpoints.recordAudit(size: size, root: edge.root) }
        return report
    }

    /// A leaf against its stored entry and the entry its row gives again.
    private func check(_ leaf: Int64, hash: [UInt8], entry: [UInt8]?, rebuilt: [UInt8]?, tile: Int64, into report: inout Report) {
        if let entry, MerkleHash.leaf(entry) != hash {
            report.problem("entry \(leaf) does not hash to its leaf in tile 0/\(tile): the entry or the tile was edited")
        }
        switch rebuilt {
        case nil: report.problem("leaf \(leaf) has no access-log entry or message-log line: a row was deleted, or its leaf changed")
        case .some(let rebuilt) where rebuilt != entry:
            report.problem("the row of leaf \(leaf) no longer gives its public entry: it was edited or moved")
        default: break
        }
    }

    /// The right edge of the tree at the start of the tile that holds `mark`, from the stored tiles,
    /// once they are found to give the mark's root and the root of every signed checkpoint up to the
    /// last (which the leaves after the mark then reach from this edge).
    private func resume(
        from mark: (size: Int64, root: [UInt8]), size: Int64, checkpoint: Checkpoint?, into report: inout Report
    ) async throws -> CompactRange {
        let start = mark.size - mark.size % Int64(TileAddress.width)
        let (edge, markRoot, checkpointRoot) = try await log.checkpoints.store.read { db in
            guard var tree = try StoredTree(db, size: size) else { throw TransparencyError.inconsistent("the tree of \(size) leaves cannot be read") }
            var hashes: [[UInt8]] = []
            var offset: Int64 = 0
            for bit in stride(from: 62, through: 0, by: -1) where start & (Int64(1) << bit) != 0 {
                hashes.append(try tree.hash(offset..<offset + (Int64(1) << bit)))
                offset += Int64(1) << bit
            }
            let checkpointRoot = try checkpoint.flatMap { $0.size <= start ? try tree.root(size: $0.size) : nil }
            return (CompactRange(size: start, hashes: hashes), try tree.root(size: mark.size), checkpointRoot)
        }
        if markRoot != mark.root {
            report.problem("the stored tiles no longer give the root the audit of \(mark.size) entries found: the tree was edited below it")
        }
        if let checkpoint, let checkpointRoot, checkpointRoot != checkpoint.root {
            report.problem("the tiles do not give the root of the last signed checkpoint (\(checkpoint.size) entries)")
        }
        guard let edge else { throw TransparencyError.inconsistent("no right edge at \(start)") }
        return edge
    }

    /// Each level's stored tiles against the hashes of the full tiles of the level below: `first` are
    /// those of the level-0 tiles from `firstTile` on. Where a tile above begins before them (an audit
    /// since a mark), its hashes from before are taken as stored, audited then.
    private func checkUpperTiles(_ first: [[UInt8]], from firstTile: Int64, size: Int64, store: any Store, into report: inout Report) async throws {
        var below = first
        var position = firstTile
        var level = 1
        let width = Int64(TileAddress.width)
        while !below.isEmpty {
            let expected = below
            let start = position
            // The stored tiles at this level that hold positions start..<start + expected.count, whole.
            let stored = try await store.read { [level] db -> [[UInt8]] in
                guard var tree = try StoredTree(db, size: size) else { return [] }
                var hashes: [[UInt8]] = []
                var tile = start / width
                while tile * width < start + Int64(expected.count) {
                    let width = min(TileAddress.width, Int(start + Int64(expected.count) - tile * width))
                    guard let address = TileAddress(.hashes(level: level), index: tile, width: width), let bytes = try tree.resource(address) else {
                        break
                    }
                    hashes += MerkleHash.hashes(in: bytes)
                    tile += 1
                }
                return hashes
            }
            let skip = Int(start % width)
            if stored.count != skip + expected.count || Array(stored[skip...]) != expected {
                report.problem("the tiles of level \(level) do not hold the hashes of the full tiles of level \(level - 1)")
                return
            }
            let full = stored.count - stored.count % TileAddress.width
            below = stride(from: 0, to: full, by: TileAddress.width).map { MerkleHash.root(of: Array(stored[$0..<($0 + TileAddress.width)])) }
            position = start / width
            level += 1
        }
    }
}
