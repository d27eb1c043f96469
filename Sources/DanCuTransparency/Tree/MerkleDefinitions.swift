/// RFC 9162's definitions over leaf hashes held in memory: the tree head (MTH, §2.1.1) and, through
/// `MerkleHashSource`, the inclusion path (PATH, §2.1.3.1) and the consistency proof (PROOF and
/// SUBPROOF, §2.1.4.1). The recursion costs time linear in the tree's size: this is the reference the
/// stored log's proofs are tested against, and what a small tree in memory may use.
public struct MerkleDefinitions: MerkleHashSource, Sendable {
    public let leaves: [[UInt8]]
    /// Subtree hashes already worked out, by range: the recursions ask for the same ones again.
    private var known: [Range<Int64>: [UInt8]] = [:]

    public init(leafHashes: [[UInt8]]) {
        leaves = leafHashes
    }

    public var leafCount: Int64 { Int64(leaves.count) }

    public mutating func hash(_ range: Range<Int64>) -> [UInt8] {
        if let hash = known[range] { return hash }
        let hash: [UInt8]
        switch range.count {
        case 0: hash = MerkleHash.empty
        case 1: hash = leaves[Int(range.lowerBound)]
        default:
            let middle = range.lowerBound + MerkleHash.split(Int64(range.count))
            hash = MerkleHash.node(self.hash(range.lowerBound..<middle), self.hash(middle..<range.upperBound))
        }
        known[range] = hash
        return hash
    }
}
