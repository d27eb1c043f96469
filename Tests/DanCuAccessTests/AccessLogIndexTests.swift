import DanCuAccess
import DanCuCore
import DanCuStore
import DanCuTestSupport
import Testing

/// A person's access log reads the same whether its subject index has caught up with the log or not
/// (SQLite keeps that index apart and brings it up to date in batches; PostgreSQL indexes the log).
@Suite struct AccessLogIndexTests {
    @Test(arguments: Backend.all) func aPersonsLogIsWholeAndInOrderBeforeAndAfterIndexing(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let a1 = try f.number("a1")
            let b1 = try f.number("b1")
            func read(_ number: PersonalNumber, _ id: String) async throws {
                _ = try await f.gate.person(number, for: try f.request("central", id: id))
            }
            let auditor = try f.request("auditor", .audit, id: "audit")
            for id in ["r1", "r2"] { try await read(a1, id) }
            try await read(b1, "r3")
            let unindexed = try await f.gate.accessLog(of: a1, after: 0, limit: 50, for: auditor)
            #expect(unindexed.map(\.requestId) == ["r1", "r2"])

            let indexed = try await f.gate.indexAccessLog()
            #expect(backend == .postgres ? indexed == 0 : indexed > 0)
            #expect(try await f.gate.indexAccessLog() == 0)
            for id in ["r4", "r5"] { try await read(a1, id) }
            try await read(b1, "r6")
            try await read(a1, "r7")

            // Half indexed, half not: the auditor's own look ("audit") is in a1's log from the first one on.
            let expected = ["r1", "r2", "audit", "r4", "r5", "r7"]
            let whole = try await f.gate.accessLog(of: a1, after: 0, limit: 50, for: auditor)
            #expect(whole.map(\.requestId) == expected)
            #expect(whole.compactMap(\.id) == whole.compactMap(\.id).sorted())

            // Page by page, two at a time, across the point the index has reached. (Each look adds an
            // entry at the end, so the pages stop at the first short one.)
            var pages: [String] = []
            var after: Int64 = 0
            while true {
                let page = try await f.gate.accessLog(of: a1, after: after, limit: 2, for: auditor)
                pages += page.map(\.requestId)
                guard page.count == 2, let last = page.last?.id else { break }
                after = last
            }
            #expect(Array(pages.prefix(expected.count)) == expected)

            // The citizen's own view, newest first, page by page.
            let citizen = AccessRequest(
                officer: Officer(username: a1.rawValue, displayName: "a1", role: .citizen, jurisdiction: .nation),
                purpose: .selfService, requestId: "self")
            var newestFirst: [AccessLogEntry] = []
            var before: Int64?
            repeat {
                let page = try await f.gate.ownAccessLog(before: before, limit: 3, for: citizen)
                newestFirst += page
                before = page.count == 3 ? page.last?.id : nil
            } while before != nil
            let ids = newestFirst.compactMap(\.id)
            #expect(ids == ids.sorted(by: >))
            #expect(Set(ids).count == ids.count)
            #expect(Array(newestFirst.map(\.requestId).reversed().prefix(expected.count)) == expected)
            // All indexed now: the same.
            try await f.gate.indexAccessLog()
            #expect(Array(try await f.gate.accessLog(of: a1, after: 0, limit: 50, for: auditor).map(\.requestId).prefix(expected.count)) == expected)
            #expect(try await f.gate.accessLog(of: b1, after: 0, limit: 50, for: auditor).map(\.requestId) == ["r3", "r6"])
        }
    }
}
