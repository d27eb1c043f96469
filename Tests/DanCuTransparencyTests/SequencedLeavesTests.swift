import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Synchronization
import Testing

@testable import DanCuTransparency

/// Integration takes the leaves this process's logs committed from memory and rebuilds only the others
/// (another server's, those from before it was first asked) from their rows: the tree is the same either way.
@Suite struct SequencedLeavesTests {
    /// Rows that give each leaf's entry again, and remember which leaves they were asked for.
    final class Rows: SequencedEntries {
        let asked = Mutex<[Int64]>([])

        func entries(_ leaves: Range<Int64>, in db: any SQLConnection) throws -> [Int64: [UInt8]] {
            asked.withLock { $0 += Array(leaves) }
            return Dictionary(uniqueKeysWithValues: leaves.map { ($0, SequencedLeavesTests.entry($0)) })
        }
    }

    static func entry(_ i: Int64) -> [UInt8] { Array("{\"leaf\":\(i)}".utf8) }

    /// An empty log in `store`, whose integration takes from a holder of `capacity` leaves and rebuilds
    /// the rest from `Rows`.
    static func log(in store: any Store, capacity: Int = 65_536) async throws -> (Rows, SequencedLeaves, Checkpoints) {
        try await Migrator.migrate(store, TransparencySchema.migrations)
        try await TransparencyLog.prepare(store)
        let rows = Rows()
        let held = SequencedLeaves(capacity: capacity)
        let signer = try #require(NoteSigner.generate(name: "test/sequenced"))
        return (rows, held, Checkpoints(store: store, origin: "test/sequenced", signer: signer, entries: rows, sequenced: held, now: { 0 }))
    }

    @Test(arguments: Backend.all) func heldLeavesAndRowsMakeTheSameTree(backend: Backend) async throws {
        try await backend.withRegister { register in
            let store = register.store
            let (rows, held, checkpoints) = try await Self.log(in: store, capacity: 600)

            /// Sequences `count` leaves as a log's transaction does; `keep` hands them to `held` after it committed.
            func commit(_ count: Int, keep: Bool) async throws {
                let indices = try await store.write { db in try TransparencyLog.sequence(count, in: db) }
                if keep { held.add([(try indices.map { try Leaf(entry: Self.entry($0)) }, indices.lowerBound)]) }
            }
            // Before an integration first asks, it keeps nothing: these 3 come from their rows.
            try await commit(3, keep: true)
            #expect(held.count == 0)
            #expect(try await checkpoints.integrate() == 3)
            #expect(rows.asked.withLock { $0 } == [0, 1, 2])
            // Now held: 3..<300 from memory, then another server's 300..<310 from rows, then held again.
            try await commit(297, keep: true)
            try await commit(10, keep: false)
            try await commit(40, keep: true)
            #expect(held.count == 337)
            #expect(try await checkpoints.integration() == Checkpoints.Integration(count: 347))  // the first came from memory
            #expect(rows.asked.withLock { $0 }.filter { $0 >= 3 } == Array(300..<350))
            #expect(held.count == 0)
            // A full holder leaves the rest to the rows.
            try await commit(601, keep: true)
            #expect(held.count == 0)
            // From rows, two tiles a transaction: it says which leaves it rebuilt from their rows.
            #expect(try await checkpoints.integration(tilesPerTransaction: 2) == Checkpoints.Integration(count: 601, rebuiltFromRows: 350..<951))

            let size: Int64 = 951
            var reference = MerkleDefinitions(leafHashes: (0..<size).map { MerkleHash.leaf(Self.entry($0)) })
            let root = try reference.root(size: size)
            let head = try await store.read { db in try StoredTree.head(db) }
            #expect(head.size == size && head.root == root)
            #expect(try await checkpoints.publish()?.size == size)
        }
    }

    /// A server's first integration at start-up often finds nothing to do (a fresh log, or one whose
    /// leaves are all integrated): from then on the holder keeps what the logs commit, so the first
    /// second of requests is not rebuilt from its rows.
    @Test(arguments: Backend.all) func anIntegrationThatFoundNothingHoldsWhatComesNext(backend: Backend) async throws {
        try await backend.withRegister { register in
            let store = register.store
            let (rows, held, checkpoints) = try await Self.log(in: store)
            #expect(try await checkpoints.integrate() == 0)
            let indices = try await store.write { db in try TransparencyLog.sequence(5, in: db) }
            held.add([(try indices.map { try Leaf(entry: Self.entry($0)) }, indices.lowerBound)])
            #expect(held.count == 5)
            #expect(try await checkpoints.integrate() == 5)
            #expect(rows.asked.withLock { $0 }.isEmpty)
        }
    }
}
