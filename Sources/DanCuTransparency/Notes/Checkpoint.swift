import Foundation

/// A C2SP tlog-checkpoint: the note text `origin`, tree size and base64 root hash, one per line.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: Int64
    public let root: [UInt8]

    public init(origin: String, size: Int64, root: [UInt8]) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    public var text: String { "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n" }

    /// The checkpoint a note's text states; nil unless its first three lines are one (extension lines
    /// are allowed and ignored).
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.last == "", !lines[0].isEmpty,
            let size = Int64(lines[1]), size >= 0, String(size) == lines[1],
            let root = Data(base64Encoded: String(lines[2])), root.count == MerkleHash.size,
            lines.dropFirst(3).dropLast().allSatisfy({ !$0.isEmpty })
        else { return nil }
        self.init(origin: String(lines[0]), size: size, root: Array(root))
    }

    /// The checkpoint in `note` if `verifier` signed it and the signature holds; nil otherwise.
    public static func verified(_ note: SignedNote, by verifier: NoteVerifier) -> Checkpoint? {
        let signatures = verifier.signatures(in: note)
        guard !signatures.isEmpty, signatures.allSatisfy({ verifier.verifies($0, of: Array(note.text.utf8)) }) else { return nil }
        return Checkpoint(text: note.text)
    }
}

/// C2SP tlog-cosignature/v1 (Ed25519): a witness's statement that, at `time`, this checkpoint is the
/// largest consistent tree it has seen of the log. The signed message is `cosignature/v1`, `time
/// <POSIX seconds>` and the checkpoint's note text; the signature is the 8-byte big-endian time followed
/// by the 64-byte Ed25519 signature.
public enum Cosignature {
    public static func message(time: UInt64, checkpointText: String) -> [UInt8] {
        Array("cosignature/v1\ntime \(time)\n\(checkpointText)".utf8)
    }

    public static func sign(_ checkpointText: String, time: UInt64, by signer: NoteSigner) throws -> SignedNote.Signature {
        let signed = try signer.sign(message(time: time, checkpointText: checkpointText))
        let stamp = withUnsafeBytes(of: time.bigEndian) { Array($0) }
        return SignedNote.Signature(name: signed.name, keyID: signed.keyID, signature: stamp + signed.signature)
    }

    /// The time a witness's cosignature in `note` states, if `witness` (a key of kind `.cosignature`)
    /// signed it and the signature holds.
    public static func verifiedTime(_ note: SignedNote, by witness: NoteVerifier) -> UInt64? {
        guard witness.kind == .cosignature else { return nil }
        for signature in witness.signatures(in: note) where signature.count == 72 {
            let time = signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if time < 1 << 63, witness.verifies(Array(signature.dropFirst(8)), of: message(time: time, checkpointText: note.text)) {
                return time
            }
        }
        return nil
    }
}
