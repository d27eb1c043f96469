import DanCuTransparency
import Testing

/// RFC 9162's tree hashing and proofs: the tree heads of Certificate Transparency's own test vectors,
/// every inclusion proof of every tree of 1 to 300 leaves and every consistency proof between sizes up
/// to 130 accepted, and each of them refused once altered.
@Suite struct MerkleTreeTests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    static func tree(_ n: Int) -> MerkleDefinitions {
        MerkleDefinitions(leafHashes: (0..<n).map { MerkleHash.leaf(Array("access-log entry \($0)".utf8)) })
    }

    @Test func theTreeHeadsOfTheRFCsTestVectors() throws {
        let entries: [[UInt8]] = [
            [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43], Array(0x50...0x57), Array(0x60...0x6f),
        ]
        var tree = MerkleDefinitions(leafHashes: entries.map(MerkleHash.leaf))
        #expect(Self.hex(MerkleHash.empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(try tree.head(0)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(try tree.head(1)) == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(Self.hex(try tree.head(3)) == "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")
        #expect(Self.hex(try tree.head(7)) == "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")
        #expect(Self.hex(try tree.head(8)) == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    }

    /// The root worked in one buffer is the RFC's tree head for every count of leaf hashes, wherever
    /// the concatenated hashes start in their array; a trailing partial hash is not a leaf.
    @Test func theRootOfConcatenatedHashesIsTheTreeHead() throws {
        var all = Self.tree(300)
        let hashes = (0..<300).map { MerkleHash.leaf(Array("access-log entry \($0)".utf8)) }
        let stored: [UInt8] = [0xAA, 0xBB, 0xCC] + hashes.flatMap { $0 } + [0x01, 0x02]
        for n in 0...300 {
            let concatenated = stored[3..<(3 + n * 32)]
            let root = MerkleHash.root(ofConcatenated: concatenated)
            guard root == (try all.head(Int64(n))), MerkleHash.root(ofConcatenated: stored[3..<min(stored.count, 3 + n * 32 + 31)]) == root else {
                Issue.record("the root of \(n) concatenated hashes is not the tree head")
                return
            }
        }
    }

    @Test func everyInclusionProofOfTreesOfOneTo300LeavesVerifiesAndNoAlteredOneDoes() throws {
        var all = Self.tree(300)
        for size in Int64(1)...300 {
            let root = try all.head(size)
            for index in 0..<size {
                let leaf = all.leaves[Int(index)]
                guard let proof = try all.inclusionProof(index: index, size: size) else {
                    Issue.record("no proof for \(index) in \(size)")
                    return
                }
                guard MerkleVerifier.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: root) else {
                    Issue.record("the proof of \(index) in \(size) was refused")
                    return
                }
                // Another leaf, another index, a proof cut short, lengthened or with a bit flipped, another root.
                let other = all.leaves[Int(index + 1) % 300]
                var refused = !MerkleVerifier.verifyInclusion(leafHash: other, index: index, size: size, proof: proof, root: root)
                if size > 1 {
                    refused = refused && !MerkleVerifier.verifyInclusion(leafHash: leaf, index: (index + 1) % size, size: size, proof: proof, root: root)
                    refused = refused && !MerkleVerifier.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof.dropLast(), root: root)
                    var flipped = proof
                    flipped[Int(index) % proof.count][Int(index) % 32] ^= 0x01
                    refused = refused && !MerkleVerifier.verifyInclusion(leafHash: leaf, index: index, size: size, proof: flipped, root: root)
                }
                refused = refused && !MerkleVerifier.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof + [leaf], root: root)
                // (A size alone cannot be refused: the proof of leaf 0 in 3 leaves also fits 4; a checkpoint signs
                // the size with the root, so the root of another size is what must not verify.)
                let otherRoot = try all.head(size == 1 ? 2 : size - 1)
                refused = refused && !MerkleVerifier.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: otherRoot)
                guard refused else {
                    Issue.record("an altered proof of \(index) in \(size) was accepted")
                    return
                }
            }
        }
        #expect(try all.inclusionProof(index: 3, size: 3) == nil && all.inclusionProof(index: 0, size: 301) == nil)
        let (beyond, negative) = (try all.root(size: 301), try all.root(size: -1))
        #expect(beyond == nil && negative == nil)
    }

    @Test func everyConsistencyProofBetweenSizesUpTo130VerifiesAndNoAlteredOneDoes() throws {
        var all = Self.tree(130)
        for second in Int64(1)...130 {
            let secondRoot = try all.head(second)
            for first in 1...second {
                let firstRoot = try all.head(first)
                guard let proof = try all.consistencyProof(from: first, to: second) else {
                    Issue.record("no proof from \(first) to \(second)")
                    return
                }
                guard MerkleVerifier.verifyConsistency(first: first, second: second, firstRoot: firstRoot, secondRoot: secondRoot, proof: proof) else {
                    Issue.record("the proof from \(first) to \(second) was refused")
                    return
                }
                guard first < second else { continue }
                // A rewritten history (another first root), another second root, a proof cut short or with a bit flipped.
                let wrong = try all.head(first == 1 ? 2 : first - 1)
                var refused = !MerkleVerifier.verifyConsistency(first: first, second: second, firstRoot: wrong, secondRoot: secondRoot, proof: proof)
                refused = refused && !MerkleVerifier.verifyConsistency(first: first, second: second, firstRoot: firstRoot, secondRoot: firstRoot, proof: proof)
                refused =
                    refused
                    && !MerkleVerifier.verifyConsistency(first: first, second: second, firstRoot: firstRoot, secondRoot: secondRoot, proof: proof.dropLast())
                var flipped = proof
                flipped[Int(second) % proof.count][Int(first) % 32] ^= 0x80
                refused =
                    refused && !MerkleVerifier.verifyConsistency(first: first, second: second, firstRoot: firstRoot, secondRoot: secondRoot, proof: flipped)
                guard refused else {
                    Issue.record("an altered proof from \(first) to \(second) was accepted")
                    return
                }
            }
        }
        #expect(try all.consistencyProof(from: 5, to: 4) == nil && all.consistencyProof(from: 0, to: 131) == nil)
        #expect(MerkleVerifier.verifyConsistency(first: 0, second: 7, firstRoot: MerkleHash.empty, secondRoot: try all.head(7), proof: []))
    }
}

extension MerkleDefinitions {
    /// The root of the first `n` leaves, which the test needs to exist.
    mutating func head(_ n: Int64) throws -> [UInt8] {
        let root = try root(size: n)
        return try #require(root)
    }
}
