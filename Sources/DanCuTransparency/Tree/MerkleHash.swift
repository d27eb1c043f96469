import Crypto

/// The hashing of RFC 9162 §2.1.1 (SHA-256): a leaf is `H(0x00 || entry)`, a node `H(0x01 || left ||
/// right)`, so no leaf can pass for a node. Hashes are 32 bytes.
public enum MerkleHash {
    public static let size = 32

    /// The hash of an empty tree: `H()`.
    public static var empty: [UInt8] { Array(SHA256.hash(data: [UInt8]())) }

    public static func leaf(_ entry: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: entry)
        return Array(hasher.finalize())
    }

    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two smaller than `n` (n ≥ 2): where RFC 9162 splits a tree of `n` leaves.
    static func split(_ n: Int64) -> Int64 {
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
