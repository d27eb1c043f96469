/// RFC 9162's definitions, word for word, over leaf hashes held in memory: the tree head (MTH, §2.1.1),
/// the inclusion path (PATH, §2.1.3.1) and the consistency proof (PROOF and SUBPROOF, §2.1.4.1).
/// They recurse over the whole tree, so they cost time linear in its size: they are the reference that
/// the stored log's proofs (which read O(log n) stored hashes) are tested against, and what a small
/// tree in memory may use.
public struct MerkleDefinitions {
    public let leaves: [[UInt8]]
    /// Subtree hashes already worked out, by range: the recursions ask for the same ones again.
    private var known: [Range<Int>: [UInt8]] = [:]

    public init(leafHashes: [[UInt8]]) {
        leaves = leafHashes
    }

    public var size: Int { leaves.count }

    /// MTH(D[n]) of the first `n` leaves; nil unless 0 ≤ n ≤ the leaves held.
    public mutating func root(size n: Int) -> [UInt8]? {
        guard n >= 0, n <= leaves.count else { return nil }
        return hash(0..<n)
    }

    /// MTH over `range` of the leaves.
    mutating func hash(_ range: Range<Int>) -> [UInt8] {
        if let hash = known[range] { return hash }
        let hash: [UInt8]
        switch range.count {
        case 0: hash = MerkleHash.empty
        case 1: hash = leaves[range.lowerBound]
        default:
            let middle = range.lowerBound + MerkleHash.split(range.count)
            hash = MerkleHash.node(self.hash(range.lowerBound..<middle), self.hash(middle..<range.upperBound))
        }
        known[range] = hash
        return hash
    }

    /// PATH(m, D[n]): the audit path of leaf `index` in the tree of the first `size` leaves.
    /// Nil unless 0 ≤ index < size ≤ the leaves held.
    public mutating func inclusionProof(index: Int, size: Int) -> [[UInt8]]? {
        guard index >= 0, index < size, size <= leaves.count else { return nil }
        return path(index, 0..<size)
    }

    private mutating func path(_ m: Int, _ d: Range<Int>) -> [[UInt8]] {
        guard d.count > 1 else { return [] }
        let k = MerkleHash.split(d.count)
        let left = d.lowerBound..<(d.lowerBound + k)
        let right = (d.lowerBound + k)..<d.upperBound
        return m < k ? path(m, left) + [hash(right)] : path(m - k, right) + [hash(left)]
    }

    /// PROOF(m, D[n]): that the tree of the first `from` leaves is a prefix of that of the first `to`.
    /// Empty when `from` is 0 or equals `to`; nil unless 0 ≤ from ≤ to ≤ the leaves held.
    public mutating func consistencyProof(from m: Int, to n: Int) -> [[UInt8]]? {
        guard m >= 0, m <= n, n <= leaves.count else { return nil }
        guard m > 0, m < n else { return [] }
        return subproof(m, 0..<n, true)
    }

    private mutating func subproof(_ m: Int, _ d: Range<Int>, _ complete: Bool) -> [[UInt8]] {
        if m == d.count { return complete ? [] : [hash(d)] }
        let k = MerkleHash.split(d.count)
        let left = d.lowerBound..<(d.lowerBound + k)
        let right = (d.lowerBound + k)..<d.upperBound
        return m <= k ? subproof(m, left, complete) + [hash(right)] : subproof(m - k, right, false) + [hash(left)]
    }
}
