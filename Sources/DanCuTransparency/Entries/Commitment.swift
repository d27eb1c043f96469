import Crypto

/// What binds a public entry to what it must not show (whose data, the signed message): the commitment
/// SHA-256("dancu/transparency/v1/commitment\n" || opening || private bytes), where the opening is 32
/// random bytes made for that entry alone and kept beside it in its log. The holder gets the openings of
/// their own entries in `/me`; an auditor reads them in the database. Without an opening the 32
/// random-looking bytes hide even a 12-digit personal number, and two entries about the same person
/// share nothing.
public enum Commitment {
    public static let openingSize = 32
    private static let domain = Array("dancu/transparency/v1/commitment\n".utf8)

    /// One opening on its own; a log that seals many draws them from its `Openings`.
    public static func newOpening() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    public static func commitment(opening: [UInt8], to privateBytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: domain)
        hasher.update(data: opening)
        hasher.update(data: privateBytes)
        return MerkleHash.bytes(of: hasher.finalize())
    }
}

/// A public entry and its leaf hash, worked out by the request that made the entry, before the
/// transaction that sequences it (`SequencedLeaves`). An entry too long for an entry bundle is refused
/// here, failing its own request and not the transaction it would have shared with others.
public struct Leaf: Sendable, Equatable {
    public let entry: [UInt8]
    public let hash: [UInt8]

    public init(entry: [UInt8]) throws(TransparencyError) {
        guard entry.count <= Int(UInt16.max) else { throw .entryTooLong(entry.count) }
        self.entry = entry
        hash = MerkleHash.leaf(entry)
    }
}
