public import DanCuStore

/// The transparency log as the public reads it (`/transparency/…`): the newest checkpoint with its
/// cosignatures, tiles and entry bundles, and RFC 9162 proofs. Nothing in it names anyone.
public struct PublicLog: Sendable {
    public let checkpoints: Checkpoints
    /// The witnesses whose cosignatures the log keeps and serves (C2SP tlog-cosignature keys).
    public let witnesses: [NoteVerifier]

    public init(checkpoints: Checkpoints, witnesses: [NoteVerifier] = []) {
        self.checkpoints = checkpoints
        self.witnesses = witnesses
    }

    var store: any Store { checkpoints.store }

    /// The newest checkpoint as a signed note with its cosignatures; a log that has none yet signs its
    /// first now.
    public func checkpoint() async throws -> String {
        if let latest = try await checkpoints.latest() { return latest.note }
        try await checkpoints.publish(integrating: false)
        guard let latest = try await checkpoints.latest() else { throw TransparencyError.inconsistent("no checkpoint after publishing one") }
        return latest.note
    }

    /// A tile or entry bundle; nil when the log does not hold that much yet.
    public func resource(_ address: TileAddress) async throws -> [UInt8]? {
        try await store.read { db in
            let (size, _) = try StoredTree.head(db)
            guard var tree = try StoredTree(db, size: size) else { return nil }
            return try tree.resource(address)
        }
    }

    /// Why a proof cannot be given; each names the parameter at fault.
    public enum ProofRefusal: Error, Equatable, Sendable {
        /// `parameter` is beyond the tree the log holds (`size` is how many leaves it holds).
        case beyondTree(parameter: String, size: Int64)
        /// `parameter` is below what it must be at least.
        case outOfRange(parameter: String, detail: String)
    }

    public func inclusionProof(index: Int64, size: Int64) async throws -> Result<[[UInt8]], ProofRefusal> {
        guard size >= 1 else { return .failure(.outOfRange(parameter: "size", detail: "is at least 1")) }
        guard index >= 0, index < size else { return .failure(.outOfRange(parameter: "index", detail: "is from 0 to size - 1")) }
        return try await store.read { db in
            let held = try StoredTree.head(db).size
            guard var tree = try StoredTree(db, size: size), let proof = try tree.inclusionProof(index: index, size: size) else {
                return .failure(.beyondTree(parameter: "size", size: held))
            }
            return .success(proof)
        }
    }

    public func consistencyProof(from: Int64, to: Int64) async throws -> Result<[[UInt8]], ProofRefusal> {
        guard from >= 0 else { return .failure(.outOfRange(parameter: "from", detail: "is at least 0")) }
        guard to >= from else { return .failure(.outOfRange(parameter: "to", detail: "is at least from")) }
        return try await store.read { db in
            let held = try StoredTree.head(db).size
            guard var tree = try StoredTree(db, size: to), let proof = try tree.consistencyProof(from: from, to: to) else {
                return .failure(.beyondTree(parameter: "to", size: held))
            }
            return .success(proof)
        }
    }

    /// Keeps a cosignature from one of `witnesses`: `note` is one of the log's checkpoints carrying the
    /// witness's signature line.
    public func cosign(_ note: String) async throws -> Result<Int64, Checkpoints.CosignatureRefusal> {
        guard let parsed = SignedNote(note) else { return .failure(.notANote) }
        for witness in witnesses where !witness.signatures(in: parsed).isEmpty {
            return try await checkpoints.addCosignature(note, witness: witness)
        }
        return .failure(.notSigned)
    }
}

/// What lets a holder check, without trusting DanCu, that entries of their own access log are in the
/// one public log: the newest checkpoint and, for each of their entries it covers, its inclusion proof.
/// (The public entry and the opening of its commitment come from the holder's own log entry.)
public struct Evidence: Sendable {
    /// The checkpoint as a signed note, with its cosignatures.
    public let checkpoint: String
    public let size: Int64
    /// The log's verifier key, which signs the checkpoint.
    public let vkey: String
    /// The inclusion proof of each leaf the checkpoint covers (leaves beyond `size` have none yet).
    public let proofs: [Int64: [[UInt8]]]
}

extension PublicLog {
    /// The evidence for `leaves`: public, but asked for the holder's own entries.
    public func evidence(for leaves: [Int64]) async throws -> Evidence {
        if let evidence = try await evidence(leaves) { return evidence }
        try await checkpoints.publish(integrating: false)  // a log with none yet signs its first
        guard let evidence = try await evidence(leaves) else { throw TransparencyError.inconsistent("no checkpoint after publishing one") }
        return evidence
    }

    /// Nil while the log has no checkpoint.
    private func evidence(_ leaves: [Int64]) async throws -> Evidence? {
        let vkey = checkpoints.verifier.vkey
        return try await store.read { db in
            guard let latest = try Checkpoints.latest(in: db) else { return nil }
            let size = latest.checkpoint.size
            guard var tree = try StoredTree(db, size: size) else { throw TransparencyError.inconsistent("the checkpoint is beyond the log") }
            var proofs: [Int64: [[UInt8]]] = [:]
            for leaf in Set(leaves) where leaf >= 0 && leaf < size {
                proofs[leaf] = try tree.inclusionProof(index: leaf, size: size)
            }
            return Evidence(checkpoint: latest.note, size: size, vkey: vkey, proofs: proofs)
        }
    }
}
