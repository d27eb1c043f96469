import Crypto

/// The hashing of RFC 9162 §2.1.1 (SHA-256): a leaf is `H(0x00 || entry)`, a node `H(0x01 || left ||
/// right)`, so no leaf can pass for a node. Hashes are 32 bytes.
public enum MerkleHash {
    public static let size = 32
    /// The prefixes, made once: a literal `[0x00]` in `leaf` was an allocation for every entry logged.
    private static let leafPrefix: [UInt8] = [0x00]
    private static let nodePrefix: [UInt8] = [0x01]

    /// The hash of an empty tree: `H()`.
    public static var empty: [UInt8] { Array(SHA256.hash(data: [UInt8]())) }

    public static func leaf(_ entry: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: leafPrefix)
        hasher.update(data: entry)
        return bytes(of: hasher.finalize())
    }

    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: nodePrefix)
        hasher.update(data: left)
        hasher.update(data: right)
        return bytes(of: hasher.finalize())
    }

    /// A digest's bytes in one copy. `Array(digest)` walks the digest as a sequence, byte by byte,
    /// through an iterator that is itself an array, growing its result as it goes: about a fifth of
    /// what a leaf hash of a 276-byte entry cost (`dancu-bench transparency-seal`).
    static func bytes(of digest: SHA256.Digest) -> [UInt8] {
        digest.withUnsafeBytes { Array($0) }
    }

    /// MTH of the 32-byte `hashes` taken as leaf hashes: `root(ofConcatenated:)` of them side by side.
    public static func root(of hashes: [[UInt8]]) -> [UInt8] {
        root(ofConcatenated: hashes.flatMap { $0 }[...])
    }

    /// MTH of the 32-byte leaf hashes concatenated in `hashes` (a tile as stored), worked bottom up:
    /// pairs hashed level by level, an odd last node carried up as it is, which gives the tree RFC 9162's
    /// left-heavy split gives; for a tile's 256 hashes (or any 2^k) that is its perfect subtree's root.
    /// In one buffer: each node's two children lie side by side, so a node is hashed from the buffer and
    /// its hash written over the left child's, where 255 arrays a tile had been made. A trailing part
    /// shorter than a hash is dropped.
    public static func root(ofConcatenated hashes: ArraySlice<UInt8>) -> [UInt8] {
        var count = hashes.count / size
        guard count > 0 else { return empty }
        var buffer = Array(hashes.prefix(count * size))
        buffer.withUnsafeMutableBytes { nodes in
            while count > 1 {
                let pairs = count / 2
                for pair in 0..<pairs {
                    var hasher = SHA256()
                    hasher.update(data: nodePrefix)
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: nodes[(2 * pair * size)..<(2 * pair * size + 2 * size)]))
                    // The children of later pairs lie beyond what this writes.
                    hasher.finalize().withUnsafeBytes { digest in
                        UnsafeMutableRawBufferPointer(rebasing: nodes[(pair * size)..<(pair * size + size)]).copyMemory(from: digest)
                    }
                }
                if count % 2 == 1 {
                    let last = (count - 1) * size
                    UnsafeMutableRawBufferPointer(rebasing: nodes[(pairs * size)..<(pairs * size + size)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: nodes[last..<(last + size)]))
                }
                count = pairs + count % 2
            }
        }
        return Array(buffer.prefix(size))
    }

    /// Concatenated 32-byte hashes, one by one; a trailing part shorter than a hash is dropped.
    public static func hashes(in bytes: [UInt8]) -> [[UInt8]] {
        stride(from: 0, to: bytes.count - bytes.count % size, by: size).map { Array(bytes[$0..<($0 + size)]) }
    }

    /// The largest power of two smaller than `n` (n ≥ 2): where RFC 9162 splits a tree of `n` leaves.
    static func split(_ n: Int64) -> Int64 {
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
