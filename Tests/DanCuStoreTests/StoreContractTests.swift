import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

/// The store interface itself, on both backends.
@Suite struct StoreContractTests {
    @Test(arguments: Backend.all) func bulkInsertKeepsEveryValueExactly(backend: Backend) async throws {
        try await backend.withRegister { register in
            let awkward = ["tab\there", "line\nbreak", "back\\slash", "carriage\rreturn", "\\N", "Nguyễn Thị Ánh", "", "'quoted' \"twice\""]
            let rows: [[SQLValue]] = awkward.enumerated().map { i, text in
                [.text("k\(i)"), .text(text), i % 2 == 0 ? .null : .int(Int64(i) * 1_000_000_007)]
            }
            let read = try await register.store.write { db -> [SQLRow] in
                try db.execute("CREATE TABLE bulk_probe (k TEXT PRIMARY KEY, t TEXT, n BIGINT)")
                try db.bulkInsert(table: "bulk_probe", columns: ["k", "t", "n"], rows: rows)
                return try db.query("SELECT k, t, n FROM bulk_probe ORDER BY k")
            }
            #expect(read.map { $0["t"] } == rows.map { $0[1] })
            #expect(read.map { $0["n"] } == rows.map { $0[2] })
        }
    }

    /// Bytes go in whole through both of PostgreSQL's bulk paths (COPY from 2,000 rows, a JSON array
    /// below), every byte value and the empty blob included; SQLite binds them.
    @Test(arguments: Backend.all) func bulkInsertKeepsEveryBlobExactly(backend: Backend) async throws {
        try await backend.withRegister { register in
            for count in [3, 2_100] {
                let everyByte: [UInt8] = Array(0...255)
                let rows: [[SQLValue]] = (0..<count).map { (i: Int) -> [SQLValue] in
                    let start: [UInt8] = (0..<(i % 300)).map { (j: Int) -> UInt8 in UInt8(truncatingIfNeeded: j + i) }
                    return [.int(Int64(i)), .blob(i == 1 ? [] : start + everyByte)]
                }
                let read = try await register.store.write { db -> [SQLRow] in
                    try db.execute("DROP TABLE IF EXISTS blob_probe")
                    try db.execute("CREATE TABLE blob_probe (k BIGINT PRIMARY KEY, b \(db.dialect == .postgres ? "BYTEA" : "BLOB") NOT NULL)")
                    try db.bulkInsert(table: "blob_probe", columns: ["k", "b"], rows: rows)
                    return try db.query("SELECT k, b FROM blob_probe ORDER BY k")
                }
                #expect(read.map { $0["b"] } == rows.map { $0[1] }, "\(count) rows")
            }
        }
    }

    /// One statement's values go in whole and come back whole, inside the writing transaction and after
    /// it: every byte, the empty blob (not NULL), awkward text, NULL and the extremes of integers.
    @Test(arguments: Backend.all) func singleStatementsKeepEveryValueExactly(backend: Backend) async throws {
        try await backend.withRegister { register in
            let values: [[SQLValue]] = [
                [.int(1), .blob(Array(0...255)), .text("Nguyễn Thị Ánh\t'quoted' \"twice\"\\"), .int(Int64.max)],
                [.int(2), .blob([]), .text(""), .int(Int64.min)],
                [.int(3), .blob([0]), .null, .null],
            ]
            let blob = backend == .postgres ? "BYTEA" : "BLOB"
            let inside = try await register.store.write { db -> [SQLRow] in
                try db.execute("CREATE TABLE single_probe (k BIGINT PRIMARY KEY, b \(blob) NOT NULL, t TEXT, n BIGINT)")
                for row in values { try db.execute("INSERT INTO single_probe (k, b, t, n) VALUES (?, ?, ?, ?)", row) }
                return try db.query("SELECT k, b, t, n FROM single_probe WHERE k >= ? ORDER BY k", [.int(1)])
            }
            let after = try await register.store.read { db in try db.query("SELECT k, b, t, n FROM single_probe ORDER BY k") }
            for rows in [inside, after] {
                #expect(rows.map { [$0["k"], $0["b"], $0["t"], $0["n"]] } == values)
            }
            // Text bound to a reader's statement matches whole: the empty text is not NULL, and a
            // short text (kept inline by Swift) and a long one are bound by their bytes.
            for (text, key) in [("", 2), ("Nguyễn Thị Ánh\t'quoted' \"twice\"\\", 1)] {
                let found = try await register.store.read { db in try db.query("SELECT k FROM single_probe WHERE t = ?", [.text(text)]) }
                #expect(found.map { $0["k"] } == [.int(Int64(key))], "\(text)")
            }
            let short = try await register.store.read { db in
                try db.query("SELECT k FROM single_probe WHERE substr(t, 1, 6) = ?", [.text("Nguyễn")])
            }
            #expect(short.map { $0["k"] } == [.int(1)])
        }
    }

    /// A statement given more or fewer values than it has parameters is refused, and its transaction
    /// writes nothing.
    @Test(arguments: Backend.all) func aStatementWithTheWrongNumberOfValuesIsRefused(backend: Backend) async throws {
        try await backend.withRegister { register in
            try await register.store.write { db in try db.execute("CREATE TABLE count_probe (k BIGINT PRIMARY KEY, n BIGINT)") }
            for binds in [[SQLValue.int(1)], [.int(1), .int(2), .int(3)]] {
                await #expect(throws: (any Error).self) {
                    try await register.store.write { db in
                        try db.execute("INSERT INTO count_probe (k, n) VALUES (9, 9)", [])
                        try db.execute("INSERT INTO count_probe (k, n) VALUES (?, ?)", binds)
                    }
                }
            }
            let rows = try await register.store.read { db in try db.query("SELECT k FROM count_probe") }
            #expect(rows.isEmpty)
            // Reads too: with a value too many SQLite would drop it and answer, with one too few read NULL.
            try await register.store.write { db in try db.execute("INSERT INTO count_probe (k, n) VALUES (?, ?)", [.int(1), .int(2)]) }
            for binds in [[SQLValue](), [.int(1), .int(2)]] {
                await #expect(throws: (any Error).self) {
                    try await register.store.read { db in try db.query("SELECT n FROM count_probe WHERE k = ?", binds) }
                }
            }
            let one = try await register.store.read { db in try db.query("SELECT n FROM count_probe WHERE k = ?", [.int(1)]) }
            #expect(one.count == 1 && one.first?["n"].int == 2)
        }
    }

    /// Bulk inserts keep their prepared statement per connection; single inserts of the same table,
    /// between them and across transactions, keep every value (a shared statement once lost them).
    @Test(arguments: Backend.all) func bulkAndSingleInsertsOfOneTableKeepEveryValue(backend: Backend) async throws {
        try await backend.withRegister { register in
            try await register.store.write { db in try db.execute("CREATE TABLE mixed_probe (k TEXT PRIMARY KEY, n BIGINT NOT NULL)") }
            for round in 0..<3 {
                try await register.store.write { db in
                    try db.bulkInsert(table: "mixed_probe", columns: ["k", "n"], rows: [[.text("b\(round)a"), .int(1)], [.text("b\(round)b"), .int(2)]])
                    try db.execute("INSERT INTO mixed_probe (k,n) VALUES (?,?)", [.text("s\(round)"), .int(3)])
                    try db.bulkInsert(table: "mixed_probe", columns: ["k", "n"], rows: [[.text("b\(round)c"), .int(4)]])
                }
            }
            let rows = try await register.store.read { db in try db.query("SELECT k, n FROM mixed_probe ORDER BY k") }
            #expect(rows.count == 12)
            let total: Int64 = rows.compactMap { $0["n"].int }.reduce(0, +)
            #expect(total == 30)
        }
    }

    @Test(arguments: Backend.all) func aFailedTransactionLeavesNothing(backend: Backend) async throws {
        try await backend.withRegister { register in
            try await register.store.write { db in try db.execute("CREATE TABLE atomic_probe (k TEXT PRIMARY KEY)") }
            await #expect(throws: StoreError.self) {
                try await register.store.write { db in
                    try db.bulkInsert(table: "atomic_probe", columns: ["k"], rows: [[.text("a")], [.text("b")]])
                    try db.execute("INSERT INTO atomic_probe (k) VALUES (?)", [.text("a")])
                }
            }
            let count = try await register.store.read { db in try db.queryOne("SELECT COUNT(*) AS n FROM atomic_probe")?["n"].int }
            #expect(count == 0)
        }
    }

    @Test(arguments: Backend.all) func aOneStatementReadRefusesASecondStatement(backend: Backend) async throws {
        try await backend.withRegister { register in
            let one = try await register.store.readOne { db in try db.queryOne("SELECT 1 AS x")?["x"].int }
            #expect(one == 1)
            await #expect(throws: StoreError.self) {
                try await register.store.readOne { db in
                    _ = try db.query("SELECT 1 AS x")
                    return try db.query("SELECT 2 AS x").count
                }
            }
        }
    }

    /// Many more concurrent readers than the pool has connections, mixing transactions and one-statement
    /// reads: all finish. (A read that blocked its thread while waiting for a connection held by a
    /// suspended task once deadlocked the cooperative pool at 32 concurrent requests.) SQLite only: the
    /// deadlock was in its reader pool, and on PostgreSQL 64 readers beside the other suites in parallel
    /// starved their connection pools in CI.
    @Test func manyConcurrentReadsAllFinish() async throws {
        let backend = Backend.sqlite
        try await backend.withRegister { register in
            let store = register.store
            let finished = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<64 {
                    group.addTask {
                        for i in 0..<50 {
                            if (worker + i) % 2 == 0 {
                                _ = try await store.read { db in try db.queryOne("SELECT COUNT(*) AS n FROM persons")?["n"].int }
                            } else {
                                _ = try await store.readOne { db in try db.queryOne("SELECT 1 AS x")?["x"].int }
                            }
                        }
                        return 50
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(finished == 64 * 50)
        }
    }

    /// A read sees every write committed before it, and cannot write itself.
    @Test(arguments: Backend.all) func readsSeeWhatWasCommittedAndCannotWrite(backend: Backend) async throws {
        try await backend.withRegister { register in
            let store = register.store
            try await store.write { db in try db.execute("CREATE TABLE read_probe (k TEXT PRIMARY KEY, v BIGINT)") }
            for i in 1...20 {
                try await store.write { db in try db.execute("INSERT INTO read_probe (k, v) VALUES (?, ?)", [.text("k\(i)"), .int(Int64(i))]) }
                let seen = try await store.readOne { db in try db.queryOne("SELECT MAX(v) AS m, COUNT(*) AS n FROM read_probe") }
                #expect(seen?["m"].int == Int64(i) && seen?["n"].int == Int64(i))
            }
            await #expect(throws: StoreError.self) {
                try await store.read { db in try db.execute("INSERT INTO read_probe (k, v) VALUES ('x', 0)") }
            }
            await #expect(throws: StoreError.self) {
                try await store.readOne { db in try db.execute("DELETE FROM read_probe") }
            }
            let count = try await store.read { db in try db.queryOne("SELECT COUNT(*) AS n FROM read_probe")?["n"].int }
            #expect(count == 20)
        }
    }

    /// More distinct statements than a connection keeps prepared: each still answers its own question.
    @Test(arguments: Backend.all) func manyDistinctStatementsEachAnswerRightly(backend: Backend) async throws {
        try await backend.withRegister { register in
            for i in 0..<600 {
                let sql = "SELECT CAST(? AS BIGINT) + \(i) AS x"
                let x = try await register.store.readOne { db in try db.queryOne(sql, [.int(1_000)])?["x"].int }
                #expect(x == Int64(1_000 + i))
            }
        }
    }
}
