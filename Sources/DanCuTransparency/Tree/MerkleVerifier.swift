/// Checks proofs as RFC 9162 §2.1.3.2 and §2.1.4.2 say, from the proof, the sizes and the roots alone:
/// what a citizen's page, a monitor or a witness runs against a log it does not trust.
public enum MerkleVerifier {
    /// Whether `proof` shows the leaf with hash `leafHash` at `index` in the tree of `size` leaves whose
    /// root is `root`.
    public static func verifyInclusion(leafHash: [UInt8], index: Int64, size: Int64, proof: [[UInt8]], root: [UInt8]) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn > 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                climbPastRightEdge(&fn, &sn)
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows that the tree of `first` leaves with root `firstRoot` is a prefix of the
    /// tree of `second` leaves with root `secondRoot`.
    public static func verifyConsistency(first: Int64, second: Int64, firstRoot: [UInt8], secondRoot: [UInt8], proof: [[UInt8]]) -> Bool {
        guard first >= 0, first <= second else { return false }
        if first == second { return proof.isEmpty && firstRoot == secondRoot }
        if first == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
        var fn = first - 1
        var sn = second - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn > 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                climbPastRightEdge(&fn, &sn)
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == firstRoot && sr == secondRoot && sn == 0
    }

    /// Step 4.b.ii of §2.1.3.2 (6.b.iii of §2.1.4.2): at the right edge of a subtree, go up until the
    /// node is a right child or the root.
    private static func climbPastRightEdge(_ fn: inout Int64, _ sn: inout Int64) {
        while fn & 1 == 0 && fn != 0 {
            fn >>= 1
            sn >>= 1
        }
    }
}
