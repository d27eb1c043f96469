/// The right edge of a tree: the hashes of its largest full subtrees, left to right, one per bit set in
/// its size. It is all an append needs to work out the new tree head, so appending costs O(log n)
/// hashes however large the log has grown.
public struct CompactRange: Sendable, Equatable {
    public private(set) var size: Int64
    public private(set) var hashes: [[UInt8]]

    public init() {
        size = 0
        hashes = []
    }

    /// Nil unless there is one 32-byte hash per bit set in `size`.
    public init?(size: Int64, hashes: [[UInt8]]) {
        guard size >= 0, hashes.count == size.nonzeroBitCount, hashes.allSatisfy({ $0.count == MerkleHash.size }) else { return nil }
        self.size = size
        self.hashes = hashes
    }

    /// Parses the concatenated hashes `serialized` gives.
    public init?(size: Int64, serialized bytes: [UInt8]) {
        guard bytes.count % MerkleHash.size == 0 else { return nil }
        self.init(size: size, hashes: MerkleHash.hashes(in: bytes))
    }

    public var serialized: [UInt8] { hashes.flatMap { $0 } }

    /// Adds a leaf: the subtrees it completes merge, as a binary counter carries.
    public mutating func append(leafHash: [UInt8]) {
        var hash = leafHash
        var carry = size
        while carry & 1 == 1, let left = hashes.popLast() {
            hash = MerkleHash.node(left, hash)
            carry >>= 1
        }
        hashes.append(hash)
        size += 1
    }

    /// MTH of the whole tree: the subtrees folded from the right, as RFC 9162 splits them.
    public var root: [UInt8] {
        guard var head = hashes.last else { return MerkleHash.empty }
        for left in hashes.dropLast().reversed() { head = MerkleHash.node(left, head) }
        return head
    }
}
