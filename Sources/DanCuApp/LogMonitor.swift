public import AsyncHTTPClient
public import DanCuTransparency
import Foundation
import NIOCore
import NIOHTTP1

/// A monitor of a transparency log over HTTP (`dancu transparency verify --url`), and the check a
/// witness makes before it cosigns (`dancu transparency cosign`): the checkpoint is signed by the key
/// pinned at the first run; it is consistent with the checkpoint seen last (the log's own proof,
/// verified); and every entry since then, downloaded from the entry bundles, hashes to its leaf in the
/// tiles and, appended to the right edge kept from last time, gives the new root. Work grows with the
/// entries added since the last run, not with the log.
public struct LogMonitor: Sendable {
    /// What a monitor keeps between runs (a JSON file).
    public struct State: Codable, Sendable, Equatable {
        public var origin: String
        public var vkey: String
        public var size: Int64
        public var root: String
        /// The right edge's hashes, base64: all a monitor needs to add entries to the tree it has checked.
        public var edge: [String]
    }

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    let base: String
    let client: HTTPClient

    /// `url` is the server (`https://host`) or the log's prefix (`…/transparency`).
    public init(url: String, client: HTTPClient) {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        base = trimmed.hasSuffix("/transparency") ? trimmed : trimmed + "/transparency"
        self.client = client
    }

    func get(_ path: String) async throws -> [UInt8] {
        let response = try await client.execute(HTTPClientRequest(url: base + "/" + path), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        guard response.status == .ok else { throw Failure("\(path) answered \(response.status.code)") }
        return Array(body.readableBytesView)
    }

    /// Checks the log's newest checkpoint against `state` (nil on a first run, which pins the key the log
    /// serves now, or `vkey` if given); returns the checkpoint as a note and the state to keep.
    public func check(state: State?, vkey: String? = nil) async throws -> (note: SignedNote, checkpoint: Checkpoint, state: State) {
        var pinned = state?.vkey ?? vkey ?? ""
        if pinned.isEmpty { pinned = String(decoding: try await get("vkey"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let verifier = NoteVerifier(vkey: pinned), verifier.kind == .ed25519 else { throw Failure("'\(pinned)' is not a log's vkey") }
        guard let note = SignedNote(String(decoding: try await get("checkpoint"), as: UTF8.self)) else { throw Failure("the checkpoint is not a signed note") }
        guard let checkpoint = Checkpoint.verified(note, by: verifier) else {
            throw Failure("the checkpoint is not signed by the log's key \(verifier.vkey)")
        }
        guard checkpoint.origin == verifier.name else { throw Failure("the checkpoint's origin \(checkpoint.origin) is not the key's name") }
        var edge = CompactRange()
        if let state {
            guard let last = Data(base64Encoded: state.root).map(Array.init), state.origin == checkpoint.origin,
                let kept = CompactRange(size: state.size, hashes: state.edge.compactMap { Data(base64Encoded: $0).map(Array.init) }), kept.root == last
            else { throw Failure("the state file is damaged or of another log") }
            guard checkpoint.size >= state.size else { throw Failure("rewrite: the log shrank from \(state.size) to \(checkpoint.size) entries") }
            let proof = try await consistencyProof(from: state.size, to: checkpoint.size)
            guard MerkleVerifier.verifyConsistency(first: state.size, second: checkpoint.size, firstRoot: last, secondRoot: checkpoint.root, proof: proof)
            else {
                throw Failure("split view or rewrite: the checkpoint of \(checkpoint.size) entries is not consistent with the one of \(state.size) seen last")
            }
            edge = kept
        }
        try await append(to: &edge, through: checkpoint.size)
        guard edge.root == checkpoint.root else { throw Failure("the entries do not give the checkpoint's root: the log serves what it did not sign") }
        let kept = State(
            origin: checkpoint.origin, vkey: verifier.vkey, size: checkpoint.size, root: Data(checkpoint.root).base64EncodedString(),
            edge: edge.hashes.map { Data($0).base64EncodedString() })
        return (note, checkpoint, kept)
    }

    func consistencyProof(from: Int64, to: Int64) async throws -> [[UInt8]] {
        struct Proof: Decodable { let hashes: [String] }
        let proof = try JSONDecoder().decode(Proof.self, from: Data(try await get("proof/consistency?from=\(from)&to=\(to)")))
        return try proof.hashes.map {
            guard let hash = Data(base64Encoded: $0), hash.count == MerkleHash.size else { throw Failure("a proof's hash is not 32 bytes of base64") }
            return Array(hash)
        }
    }

    /// Downloads the entries from `edge.size` up to `size`, checks each against its leaf in the tiles,
    /// and appends them.
    func append(to edge: inout CompactRange, through size: Int64) async throws {
        let width = Int64(TileAddress.width)
        while edge.size < size {
            let tile = edge.size / width
            let count = Int(min(width, size - tile * width))
            guard let hashesAddress = TileAddress(.hashes(level: 0), index: tile, width: count),
                let bundleAddress = TileAddress(.entries, index: tile, width: count)
            else { throw Failure("tile \(tile) has no address") }
            let hashes = try await get(hashesAddress.path)
            guard let entries = StoredTree.entries(inBundle: try await get(bundleAddress.path)), entries.count == count, hashes.count == count * 32
            else { throw Failure("\(bundleAddress.path) or \(hashesAddress.path) does not hold \(count) entries") }
            for offset in Int(edge.size - tile * width)..<count {
                let leaf = MerkleHash.leaf(entries[offset])
                guard Array(hashes[(offset * 32)..<(offset * 32 + 32)]) == leaf else {
                    throw Failure("entry \(tile * width + Int64(offset)) does not hash to its leaf in \(hashesAddress.path)")
                }
                edge.append(leafHash: leaf)
            }
        }
    }

    /// Hands a cosignature to the log.
    public func submitCosignature(_ note: SignedNote) async throws {
        var request = HTTPClientRequest(url: base + "/cosignature")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: note.serialized))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 * 1024)
        guard response.status == .noContent else {
            throw Failure("the log refused the cosignature (\(response.status.code)): \(String(buffer: body))")
        }
    }
}
