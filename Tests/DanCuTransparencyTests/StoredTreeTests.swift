import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuTransparency

/// The stored log against RFC 9162's definitions: leaves appended in transactions of every size give
/// the same tree heads, the same proofs for every index of every tree of 1 to 300 leaves and every
/// consistency proof between sizes up to 130, and tiles and entry bundles as C2SP tlog-tiles defines them.
@Suite struct StoredTreeTests {
    static func entry(_ i: Int64) -> [UInt8] { Array("{\"entry\":\(i)}".utf8) }

    /// A log of `size` entries appended in transactions of 1, 2, 3, … entries.
    static func withLog<T>(_ backend: Backend, size: Int64, _ body: (any Store) async throws -> T) async throws -> T {
        try await backend.withRegister { register in
            let store = register.store
            try await Migrator.migrate(store, TransparencySchema.migrations)
            try await TransparencyLog.prepare(store)
            var appended: Int64 = 0
            var batch: Int64 = 1
            while appended < size {
                let count = min(batch, size - appended)
                let leaves = try (appended..<appended + count).map { try Leaf(entry: entry($0)) }
                try await store.write { db in try TransparencyLog().append(leaves, in: db) }
                appended += count
                batch = batch % 17 + 1
            }
            return try await body(store)
        }
    }

    @Test(arguments: Backend.all) func everyProofOfTheStoredLogIsTheRFCs(backend: Backend) async throws {
        try await Self.withLog(backend, size: 300) { store in
            try await store.read { db in
                var reference = MerkleDefinitions(leafHashes: (0..<300).map { MerkleHash.leaf(Self.entry($0)) })
                for size in Int64(0)...300 {
                    var tree = try #require(try StoredTree(db, size: size))
                    #expect(try tree.root(size: size) == reference.root(size: size))
                    for index in 0..<size {
                        let stored = try tree.inclusionProof(index: index, size: size)
                        guard stored == (try reference.inclusionProof(index: index, size: size)) else {
                            Issue.record("the stored proof of \(index) in \(size) is not the RFC's")
                            return
                        }
                    }
                    guard size <= 130 else { continue }
                    for first in 0...size where try tree.consistencyProof(from: first, to: size) != reference.consistencyProof(from: first, to: size) {
                        Issue.record("the stored proof from \(first) to \(size) is not the RFC's")
                        return
                    }
                }
                #expect(try StoredTree(db, size: 301) == nil)
                #expect(try StoredTree.head(db).root == reference.root(size: 300))
            }
        }
    }

    @Test(arguments: Backend.all) func tilesAndBundlesAreThoseOfTlogTiles(backend: Backend) async throws {
        // 256 × 3 + 5 leaves: three sealed level-0 tiles, a partial one of 5, a partial level-1 tile of 3.
        let size: Int64 = 773
        let leaves = (0..<size).map { MerkleHash.leaf(Self.entry($0)) }
        try await Self.withLog(backend, size: size) { store in
            try await store.read { db in
                var tree = try #require(try StoredTree(db, size: size))
                for tile in Int64(0)..<3 {
                    let full = try #require(TileAddress(.hashes(level: 0), index: tile))
                    #expect(try tree.resource(full) == leaves[Int(tile * 256)..<Int(tile * 256 + 256)].flatMap { $0 })
                    let bundle = try #require(try tree.resource(TileAddress(.entries, index: tile)!))
                    #expect(StoredTree.entries(inBundle: bundle) == (tile * 256..<tile * 256 + 256).map(Self.entry))
                }
                let partial = try #require(TileAddress(.hashes(level: 0), index: 3, width: 5))
                #expect(try tree.resource(partial) == leaves[768..<773].flatMap { $0 })
                #expect(try tree.resource(TileAddress(.hashes(level: 0), index: 3, width: 6)!) == nil)
                #expect(try tree.resource(TileAddress(.hashes(level: 0), index: 3)!) == nil)
                // An index far beyond the log (as a path can spell it) is just not there.
                #expect(try tree.resource(TileAddress(.hashes(level: 0), index: Int64.max)!) == nil)
                #expect(try tree.resource(TileAddress(.entries, index: Int64.max, width: 3)!) == nil)
                let partialBundle = try #require(try tree.resource(TileAddress(.entries, index: 3, width: 2)!))
                #expect(StoredTree.entries(inBundle: partialBundle) == [Self.entry(768), Self.entry(769)])
                var reference = MerkleDefinitions(leafHashes: leaves)
                let level1 = try (0..<3).map { try reference.hash(Int64($0) * 256..<(Int64($0) + 1) * 256) }
                #expect(try tree.resource(TileAddress(.hashes(level: 1), index: 0, width: 3)!) == level1.flatMap { $0 })
                #expect(try tree.resource(TileAddress(.hashes(level: 1), index: 0, width: 4)!) == nil)
                #expect(try tree.entry(770) == Self.entry(770) && tree.entry(5) == Self.entry(5) && tree.entry(773) == nil)
                // An older, smaller tree serves only what it had.
                var older = try #require(try StoredTree(db, size: 300))
                #expect(try older.resource(TileAddress(.hashes(level: 0), index: 1, width: 44)!) == leaves[256..<300].flatMap { $0 })
                #expect(try older.resource(TileAddress(.hashes(level: 0), index: 1, width: 45)!) == nil)
                // Its partial bundle is cut from the full one stored since.
                let olderBundle = try #require(try older.resource(TileAddress(.entries, index: 1, width: 44)!))
                #expect(StoredTree.entries(inBundle: olderBundle) == (256..<300).map(Self.entry))
                #expect(try older.resource(TileAddress(.entries, index: 1, width: 45)!) == nil)
                // The full tiles' entries are their bundles; only the tile being filled has rows.
                #expect(try db.query("SELECT idx FROM transparency_bundles ORDER BY idx").map { $0["idx"].int } == [0, 1, 2])
                #expect(try db.query("SELECT idx FROM transparency_entries ORDER BY idx").map { $0["idx"].int } == (768..<773).map { $0 })
            }
        }
    }

    /// A log grown before full tiles' entries were stored as bundles keeps them as rows: it serves the
    /// same bundles, entries and proofs, and the tile it was filling is sealed into a bundle with the
    /// entries it had as rows.
    @Test(arguments: Backend.all) func aLogWithItsEntriesAsRowsServesTheSameAndGoesOn(backend: Backend) async throws {
        try await Self.withLog(backend, size: 600) { store in
            // As version 3 left it: every entry a row, no bundle.
            try await store.write { db in
                let tree = try #require(try StoredTree(db, size: 600))
                let sealed = try tree.entries(0..<512)
                try db.execute("DELETE FROM transparency_bundles")
                try db.bulkInsert(
                    table: "transparency_entries", columns: ["idx", "entry"], rows: sealed.enumerated().map { [.int(Int64($0.offset)), .blob($0.element)] })
            }
            try await store.read { db in
                var tree = try #require(try StoredTree(db, size: 600))
                #expect(try tree.entries(0..<600) == (0..<600).map(Self.entry))
                let bundle = try #require(try tree.resource(TileAddress(.entries, index: 1)!))
                #expect(StoredTree.entries(inBundle: bundle) == (256..<512).map(Self.entry))
            }
            try await store.write { db in try TransparencyLog().append((600..<800).map { try Leaf(entry: Self.entry($0)) }, in: db) }
            try await store.read { db in
                var tree = try #require(try StoredTree(db, size: 800))
                #expect(try tree.entries(0..<800) == (0..<800).map(Self.entry))
                let bundle = try #require(try tree.resource(TileAddress(.entries, index: 2)!))
                #expect(StoredTree.entries(inBundle: bundle) == (512..<768).map(Self.entry))
                #expect(try db.query("SELECT idx FROM transparency_bundles").map { $0["idx"].int } == [2])
                #expect(try db.query("SELECT count(*) AS n FROM transparency_entries WHERE idx >= 512 AND idx < 768").first?["n"].int == 0)
                var reference = MerkleDefinitions(leafHashes: (0..<800).map { MerkleHash.leaf(Self.entry($0)) })
                #expect(try tree.root(size: 800) == reference.root(size: 800))
            }
        }
    }

    @Test func aSecondLevelOfTilesIsCarriedUp() async throws {
        // 65,536 + 300 leaves: a full level-1 tile, carried into level 2.
        let size: Int64 = 65_836
        try await Backend.sqlite.withRegister { register in
            let store = register.store
            try await Migrator.migrate(store, TransparencySchema.migrations)
            try await TransparencyLog.prepare(store)
            for start in stride(from: Int64(0), to: size, by: 4_000) {
                try await store.write { db in
                    try TransparencyLog().append((start..<min(start + 4_000, size)).map { try Leaf(entry: Self.entry($0)) }, in: db)
                }
            }
            try await store.read { db in
                var reference = MerkleDefinitions(leafHashes: (0..<size).map { MerkleHash.leaf(Self.entry($0)) })
                var tree = try #require(try StoredTree(db, size: size))
                #expect(try tree.root(size: size) == reference.root(size: size))
                #expect(try tree.resource(TileAddress(.hashes(level: 2), index: 0, width: 1)!) == reference.hash(0..<65_536))
                for index in [Int64(0), 255, 256, 65_535, 65_536, 65_700, size - 1] {
                    #expect(try tree.inclusionProof(index: index, size: size) == reference.inclusionProof(index: index, size: size))
                }
                #expect(try tree.consistencyProof(from: 65_536, to: size) == reference.consistencyProof(from: 65_536, to: size))
                #expect(try tree.consistencyProof(from: 1_000, to: size) == reference.consistencyProof(from: 1_000, to: size))
            }
        }
    }
}
