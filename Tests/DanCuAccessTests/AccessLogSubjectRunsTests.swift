import DanCuStore
import Foundation
import Testing

@testable import DanCuAccess

/// The SQLite log's subject index in runs: a person's entries are found whole, in order and once,
/// whichever runs they fall in, whatever part is indexed yet, and an index made before runs carries
/// over.
@Suite struct AccessLogSubjectRunsTests {
    /// A log and an index in two files of a temporary directory, removed afterwards.
    static func withStores<T>(_ body: (any Store, any Store) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-runs-\(UUID().uuidString)")
        let log = try SQLiteStore(path: dir.appendingPathComponent("log.sqlite").path)
        let index = try SQLiteStore(path: dir.appendingPathComponent("index.sqlite").path)
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try await Migrator.migrate(log, AccessSchema.logMigrations)
            let result = try await body(log, index)
            await log.close()
            await index.close()
            return result
        } catch {
            await log.close()
            await index.close()
            throw error
        }
    }

    static func append(_ subjects: [String], to log: any Store) async throws {
        let entries = subjects.enumerated().map { i, subject in
            AccessLogEntry(
                at: Int64(i), requestId: "r\(i)", actor: "central", role: "central-officer", subject: subject,
                action: "read", fields: ["record"], purpose: "public-service", decision: .allowed)
        }
        try await log.write { db in try AccessLogTable.append(entries, in: db) }
    }

    /// Every query, oldest first and newest first, paged, against the log read straight.
    static func expectWhole(_ index: AccessLogSubjectIndex, _ subjects: Set<String>, log: any Store) async throws {
        for subject in subjects {
            let expected = try await log.read { db in
                try db.query("SELECT id FROM access_log WHERE subject = ? ORDER BY id", [.text(subject)]).compactMap { $0["id"].int }
            }
            var oldestFirst: [Int64] = []
            var after: Int64 = 0
            while true {
                let page = try await index.entries(of: subject, after: after, limit: 3).compactMap(\.id)
                oldestFirst += page
                guard page.count == 3, let last = page.last else { break }
                after = last
            }
            #expect(oldestFirst == expected, "\(subject) oldest first")
            var newestFirst: [Int64] = []
            var before: Int64? = nil
            while true {
                let page = try await index.entries(of: subject, before: before, limit: 2).compactMap(\.id)
                newestFirst += page
                guard page.count == 2, let last = page.last else { break }
                before = last
            }
            #expect(newestFirst == expected.reversed(), "\(subject) newest first")
        }
    }

    @Test func entriesAreFoundAcrossRunsBeforeDuringAndAfterIndexing() async throws {
        try await Self.withStores { log, indexStore in
            // Runs of two ids each, so 40 entries span 20 runs; subjects in an uneven pattern.
            let index = AccessLogSubjectIndex(log: log, index: indexStore, runBits: 1)
            try await index.migrate()
            let subjects = (0..<40).map { "p\(($0 * 7) % 5)" }
            try await Self.append(subjects, to: log)
            try await Self.expectWhole(index, Set(subjects), log: log)
            // Part indexed: batches of 7 cross run boundaries.
            #expect(try await index.update(batch: 7) == 7)
            #expect(try await index.update(batch: 7) == 7)
            try await Self.expectWhole(index, Set(subjects), log: log)
            while try await index.update(batch: 7) > 0 {}
            try await Self.append(["p1", "p9", "p1"], to: log)
            try await Self.expectWhole(index, Set(subjects + ["p9"]), log: log)
            let runs = try await indexStore.readOne { db in
                try db.queryOne("SELECT COUNT(DISTINCT run) AS n FROM access_log_subject_runs")?.int("n")
            }
            // Ids 1 to 40 are indexed: runs 0 (id 1) to 20 (id 40).
            #expect(runs == Int64(Set((1...40).map { $0 >> 1 }).count))
        }
    }

    @Test func anIndexMadeBeforeRunsCarriesOver() async throws {
        try await Self.withStores { log, indexStore in
            // The index as version 1 made it, with entries in it.
            try await Migrator.migrate(indexStore, Array(AccessSchema.subjectIndexMigrations.prefix(1)))
            let subjects = (0..<30).map { "p\($0 % 4)" }
            try await Self.append(subjects, to: log)
            try await indexStore.write { db in
                try db.bulkInsert(
                    table: "access_log_subjects", columns: ["subject", "id"],
                    rows: subjects.enumerated().prefix(20).map { [.text($1), .int(Int64($0 + 1))] })
                try db.execute("UPDATE access_log_indexed SET through = 20 WHERE one = 1")
            }
            let index = AccessLogSubjectIndex(log: log, index: indexStore)
            try await index.migrate()
            let carried = try await indexStore.readOne { db in
                try db.queryOne("SELECT COUNT(*) AS n FROM access_log_subject_runs")?.int("n")
            }
            #expect(carried == 20)
            try await Self.expectWhole(index, Set(subjects), log: log)
            #expect(try await index.update() == 10)
            try await Self.expectWhole(index, Set(subjects), log: log)
        }
    }
}
