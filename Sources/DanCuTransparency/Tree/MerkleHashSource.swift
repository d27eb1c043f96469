/// Anything that can give the tree hash of a range of leaves (RFC 9162's MTH over D[range]). The proofs
/// are written once over it: `MerkleDefinitions` answers from leaves in memory, `StoredTree` from the
/// tiles the log keeps, so the stored log's proofs are the RFC's definitions over other storage.
public protocol MerkleHashSource {
    /// The number of leaves.
    var leafCount: Int64 { get }
    /// MTH(D[range]). Ranges asked are those RFC 9162's recursion makes from [0, n).
    mutating func hash(_ range: Range<Int64>) throws -> [UInt8]
}

extension MerkleHashSource {
    /// MTH(D[n]) of the first `n` leaves; nil unless 0 ≤ n ≤ the leaves held.
    public mutating func root(size n: Int64) throws -> [UInt8]? {
        guard n >= 0, n <= leafCount else { return nil }
        return try hash(0..<n)
    }

    /// PATH(m, D[n]) (§2.1.3.1): the audit path of leaf `index` in the tree of the first `size` leaves.
    /// Nil unless 0 ≤ index < size ≤ the leaves held.
    public mutating func inclusionProof(index: Int64, size: Int64) throws -> [[UInt8]]? {
        guard index >= 0, index < size, size <= leafCount else { return nil }
        return try path(index, 0..<size)
    }

    private mutating func path(_ m: Int64, _ d: Range<Int64>) throws -> [[UInt8]] {
        guard d.count > 1 else { return [] }
        let k = MerkleHash.split(Int64(d.count))
        let left = d.lowerBound..<(d.lowerBound + k)
        let right = (d.lowerBound + k)..<d.upperBound
        return m < k ? try path(m, left) + [hash(right)] : try path(m - k, right) + [hash(left)]
    }

    /// PROOF(m, D[n]) (§2.1.4.1): that the tree of the first `from` leaves is a prefix of that of the
    /// first `to`. Empty when `from` is 0 or equals `to`; nil unless 0 ≤ from ≤ to ≤ the leaves held.
    public mutating func consistencyProof(from m: Int64, to n: Int64) throws -> [[UInt8]]? {
        guard m >= 0, m <= n, n <= leafCount else { return nil }
        guard m > 0, m < n else { return [] }
        return try subproof(m, 0..<n, true)
    }

    private mutating func subproof(_ m: Int64, _ d: Range<Int64>, _ complete: Bool) throws -> [[UInt8]] {
        if m == Int64(d.count) { return complete ? [] : [try hash(d)] }
        let k = MerkleHash.split(Int64(d.count))
        let left = d.lowerBound..<(d.lowerBound + k)
        let right = (d.lowerBound + k)..<d.upperBound
        return m <= k ? try subproof(m, left, complete) + [hash(right)] : try subproof(m - k, right, false) + [hash(left)]
    }
}
