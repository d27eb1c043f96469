import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuTransparency

/// Rows a log wrote before the transparency log existed get their leaves at start-up, batch by batch:
/// in id order, each row its own leaf and opening, the rows that had leaves left alone.
@Suite struct BackfillTests {
    @Test(arguments: Backend.all) func rowsWithoutLeavesGetConsecutiveLeavesInIdOrder(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Migrator.migrate(store, TransparencySchema.migrations)
            try await TransparencyLog.prepare(store)
            try await store.write { db in
                let bytes = db.dialect == .postgres ? "BYTEA" : "BLOB"
                try db.execute("CREATE TABLE old_log (id BIGINT PRIMARY KEY, note TEXT NOT NULL, leaf BIGINT, opening \(bytes))", [])
                // Ids out of insertion order and with gaps; row 7 already has its leaf.
                for id in [40, 3, 7, 12, 25, 9, 31] as [Int64] {
                    try db.execute("INSERT INTO old_log (id, note, leaf) VALUES (?, ?, ?)", [.int(id), .text("row \(id)"), id == 7 ? .int(0) : .null])
                }
                _ = try TransparencyLog.sequence(1, in: db)
            }
            let done = try await TransparencyLog.backfill(store, table: "old_log", batch: 2) { db, batch in
                try db.query("SELECT id FROM old_log WHERE leaf IS NULL ORDER BY id LIMIT ?", [.int(Int64(batch))]).map { $0["id"] }
            }
            #expect(done == 6)
            let rows = try await store.read { db in try db.query("SELECT id, note, leaf, opening FROM old_log ORDER BY id", []) }
            #expect(rows.map { $0["id"].int } == [3, 7, 9, 12, 25, 31, 40])
            #expect(rows.map { $0["leaf"].int } == [1, 0, 2, 3, 4, 5, 6])
            #expect(rows.allSatisfy { (try? $0.string("note")) == "row \($0["id"].int ?? -1)" })
            let openings = rows.filter { $0["id"].int != 7 }.compactMap { row -> [UInt8]? in
                if case .blob(let bytes) = row["opening"] { bytes } else { nil }
            }
            #expect(openings.count == 6 && Set(openings).count == 6)
            #expect(try await store.read { db in try TransparencyLog.counts(in: db) }.sequenced == 7)
        }
    }
}
