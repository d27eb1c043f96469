public import DanCuStore
import Foundation

/// The log's signed checkpoints: a new one whenever the tree has grown (the server calls `publish`
/// every second, which integrates what the logs sequenced first), none that is not consistent with the
/// last, and the witnesses' cosignatures of each.
public struct Checkpoints: Sendable {
    public let store: any Store
    public let origin: String
    /// Signs every checkpoint; those of `previous` (a rotated-out key) sign too while relying parties
    /// move to the new one.
    public let signer: NoteSigner
    public let previous: [NoteSigner]
    /// The rows the sequenced leaves stand for; nil for a log whose leaves are appended directly
    /// (synthetic logs of the bench and the tests).
    public let entries: (any SequencedEntries)?
    /// The leaves this process's logs sequenced, as their requests worked them out; integration reads
    /// the rows of the others.
    public let sequenced: SequencedLeaves?
    let now: @Sendable () -> Int64

    public init(
        store: any Store, origin: String, signer: NoteSigner, previous: [NoteSigner] = [], entries: (any SequencedEntries)? = nil,
        sequenced: SequencedLeaves? = nil, now: @escaping @Sendable () -> Int64
    ) {
        self.sequenced = sequenced
        self.store = store
        self.origin = origin
        self.signer = signer
        self.previous = previous
        self.entries = entries
        self.now = now
    }

    /// Integrates what the logs sequenced since the tree last grew (`TransparencyLog`), `batch` leaves
    /// at a time, and returns how many. The leaves this process's logs committed come from `sequenced`
    /// as their requests worked them out; the others' public entries are rebuilt from their rows and
    /// hashed in a read, which holds no lock. They are appended `tilesPerTransaction` tiles at a time,
    /// each in a short write transaction that first checks no other server integrated them meanwhile
    /// (the logs' writers share the store and wait for each). A sequenced leaf whose row is gone stops
    /// it (`missingEntry`): the log is not signed past it.
    @discardableResult
    public func integrate(batch: Int = 4_096, tilesPerTransaction: Int = 1) async throws -> Int64 {
        try await integration(batch: batch, tilesPerTransaction: tilesPerTransaction).count
    }

    /// What one integration did.
    public struct Integration: Sendable, Equatable {
        /// How many leaves it appended.
        public var count: Int64 = 0
        /// The leaves, from the first it appended, that it rebuilt from their rows and appended itself,
        /// one after another: an audit that reads those rows again finds what it just made.
        public var rebuiltFromRows: Range<Int64>?

        public init(count: Int64 = 0, rebuiltFromRows: Range<Int64>? = nil) {
            self.count = count
            self.rebuiltFromRows = rebuiltFromRows
        }
    }

    /// `integrate`, telling which leaves came from their rows. A start-up, with nothing else writing
    /// yet, appends a whole batch in one transaction; a running server one tile at a time, so that
    /// the logs' writers, which wait for the tree's lock, wait little.
    public func integration(batch: Int = 4_096, tilesPerTransaction: Int = 1) async throws -> Integration {
        var done = Integration()
        guard let entries else { return done }
        // From the first integration on, the logs' leaves are held for the next, even when this one
        // finds nothing to do (a fresh log at start-up).
        sequenced?.startHolding()
        // Stays true while every leaf appended so far was rebuilt from its row and appended here.
        var fromRows = true
        // The next batch's leaves, rebuilt from their rows while this one is appended: a backlog (a
        // start after an import) is rebuilt on one core and written on another.
        var ahead: (range: Range<Int64>, leaves: Task<[Leaf], any Error>)?
        defer { ahead?.leaves.cancel() }
        while true {
            let (size, sequencedSize) = try await store.read { db in try TransparencyLog.counts(in: db) }
            let pending = size..<max(size, min(sequencedSize, size + Int64(batch)))
            guard !pending.isEmpty else { return done }
            var held = sequenced?.run(pending) ?? []
            if held.isEmpty, let sequenced, pending.upperBound == sequencedSize, pending.count < batch {
                // The newest leaves: their transaction may have committed a moment before it handed
                // them over. Rebuilding them from their rows would cost more than the wait.
                try await Task.sleep(for: .milliseconds(2))
                held = sequenced.run(pending)
            }
            let range = held.isEmpty ? pending : pending.lowerBound..<pending.lowerBound + Int64(held.count)
            let leaves: [Leaf]
            if !held.isEmpty {
                leaves = held
            } else if let ahead, ahead.range == range {
                leaves = try await ahead.leaves.value
            } else {
                leaves = try await store.read { db in try Self.rebuild(range, from: entries, in: db) }
            }
            ahead?.leaves.cancel()
            ahead = nil
            if held.isEmpty, range.upperBound < sequencedSize {
                let next = range.upperBound..<min(sequencedSize, range.upperBound + Int64(batch))
                ahead = (next, Task { [store] in try await store.read { db in try Self.rebuild(next, from: entries, in: db) } })
            }
            let span = Int64(TileAddress.width) * Int64(max(1, tilesPerTransaction))
            var next = range.lowerBound
            while next < range.upperBound {
                let chunk = next..<min(range.upperBound, (next / span + 1) * span)
                let appended = try await store.write { db in
                    try TransparencyLog.lock(in: db)
                    guard try TransparencyLog.counts(in: db).size == chunk.lowerBound else { return false }
                    try TransparencyLog().append(Array(leaves[Int(chunk.lowerBound - range.lowerBound)..<Int(chunk.upperBound - range.lowerBound)]), in: db)
                    return true
                }
                sequenced?.integrated(chunk)
                guard appended else {  // another server integrated these: read again from its size
                    fromRows = false
                    break
                }
                if fromRows, held.isEmpty {
                    done.rebuiltFromRows = (done.rebuiltFromRows?.lowerBound ?? chunk.lowerBound)..<chunk.upperBound
                } else {
                    fromRows = false
                }
                done.count += Int64(chunk.count)
                next = chunk.upperBound
            }
        }
    }

    /// The leaves of `range` as their rows give them again.
    static func rebuild(_ range: Range<Int64>, from entries: any SequencedEntries, in db: any SQLConnection) throws -> [Leaf] {
        let rebuilt = try entries.entries(range, in: db)
        return try range.map { leaf in
            guard let entry = rebuilt[leaf] else { throw TransparencyError.missingEntry(leaf) }
            return try Leaf(entry: entry)
        }
    }

    public var verifier: NoteVerifier { signer.verifier }

    /// The newest signed checkpoint with the cosignatures witnesses gave it, as a signed note.
    public func latest() async throws -> (checkpoint: Checkpoint, note: String)? {
        try await store.read { db in try Self.latest(in: db) }
    }

    static func latest(in db: any SQLConnection) throws -> (checkpoint: Checkpoint, note: String)? {
        guard let row = try db.query("SELECT size, note FROM transparency_checkpoints ORDER BY size DESC LIMIT 1", []).first else { return nil }
        let note = try row.string("note")
        guard let parsed = SignedNote(note), let checkpoint = Checkpoint(text: parsed.text) else {
            throw TransparencyError.inconsistent("the stored checkpoint of size \(try row.int("size")) is not a checkpoint")
        }
        let cosignatures = try db.query("SELECT line FROM transparency_cosignatures WHERE size = ? ORDER BY witness", [.int(checkpoint.size)])
        return (checkpoint, note + (try cosignatures.map { try $0.string("line") }.joined()))
    }

    /// Signs the tree as it stands if it has grown since the last checkpoint (or there is none yet).
    /// Before signing, it works the root out again from the stored tiles and proves it consistent with
    /// the last checkpoint; a log that fails either is not signed.
    /// `integrating: false` signs only what is integrated already: the public routes sign a first
    /// checkpoint that way, so that no public request reads a log's rows (integration does).
    @discardableResult
    public func publish(integrating: Bool = true) async throws -> Checkpoint? {
        if integrating { try await integrate() }
        // Most seconds of a quiet log: a read, not a write transaction.
        let grown = try await store.read { db in
            let size = try StoredTree.head(db).size
            return try Self.latest(in: db).map { $0.checkpoint.size < size } ?? true
        }
        guard grown else { return nil }
        return try await store.write { db in
            let (size, edgeRoot) = try StoredTree.head(db)
            let last = try Self.latest(in: db)?.checkpoint
            if let last, last.size >= size { return nil }
            guard var tree = try StoredTree(db, size: size), let root = try tree.root(size: size), root == edgeRoot else {
                throw TransparencyError.inconsistent("the stored tiles do not give the root the tree's right edge gives, at size \(size)")
            }
            if let last {
                guard let proof = try tree.consistencyProof(from: last.size, to: size),
                    MerkleVerifier.verifyConsistency(first: last.size, second: size, firstRoot: last.root, secondRoot: root, proof: proof)
                else { throw TransparencyError.inconsistent("the tree of \(size) leaves is not consistent with the checkpoint of \(last.size)") }
            }
            let checkpoint = Checkpoint(origin: origin, size: size, root: root)
            let bytes = Array(checkpoint.text.utf8)
            let note = SignedNote(text: checkpoint.text, signatures: try ([signer] + previous).map { try $0.sign(bytes) })
            // Another server sharing the database may have signed this size a moment ago: its note stands.
            try db.execute(
                "INSERT INTO transparency_checkpoints (size, root, note, at) VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING",
                [.int(size), .blob(root), .text(note.serialized), .int(now())])
            return checkpoint
        }
    }

    /// Why a cosignature is refused.
    public enum CosignatureRefusal: Error, Equatable, Sendable {
        case notANote
        case unknownCheckpoint
        case notSigned
    }

    /// Keeps a witness's cosignature of one of the log's checkpoints: `note` is that checkpoint as the
    /// witness signed it; the witness's signature must verify with `witness` (its vkey).
    public func addCosignature(_ note: String, witness: NoteVerifier) async throws -> Result<Int64, CosignatureRefusal> {
        guard let parsed = SignedNote(note), let claimed = Checkpoint(text: parsed.text), claimed.origin == origin else { return .failure(.notANote) }
        guard Cosignature.verifiedTime(parsed, by: witness) != nil,
            let line = parsed.signatures.first(where: { $0.name == witness.name && $0.keyID == witness.keyID })?.line
        else { return .failure(.notSigned) }
        return try await store.write { db in
            let stored = try db.query("SELECT root FROM transparency_checkpoints WHERE size = ?", [.int(claimed.size)]).first
            guard let stored, case .blob(let root) = stored["root"], root == claimed.root else { return .failure(.unknownCheckpoint) }
            let upsert = "ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line, at = excluded.at"
            try db.execute(
                "INSERT INTO transparency_cosignatures (size, witness, line, at) VALUES (?, ?, ?, ?) \(upsert)",
                [.int(claimed.size), .text(witness.vkey), .text(line), .int(now())])
            return .success(claimed.size)
        }
    }
}
