import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuQuality

@Suite struct QualityScoresTests {
    static func scores(_ f: GateFixture) -> QualityScores {
        QualityScores(
            store: f.register.store, gate: f.gate, reference: f.register.reference, today: { LocalDate(unchecked: 2026, 12, 4) },
            now: { 1_000_000 })
    }

    @Test(arguments: Backend.all) func aLifeEventChangesItsPersonsStoredScores(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let quality = Self.scores(f)
            try await quality.migrate()
            #expect(try await quality.catchUp() == 0, "nothing to keep up before the first full recompute")
            #expect(try await quality.recomputeAll(page: 3) == 4, "four people, in two pages")
            var figures = try await quality.figures()
            #expect(figures.nation.records == 4)
            #expect(figures.provinces["01"]?.records == 3 && figures.provinces["79"]?.records == 1)
            #expect(figures.wards[GateFixture.wardA]?.records == 2)
            #expect(figures.nation.breaking[.nothingAfterDeath] == nil)
            // a1 lives in ward A since 2015; a death recorded as of 2014 leaves a residence after it.
            let a1 = try f.number("a1")
            _ = try await f.gate.record(
                .deathRecorded(date: try PartialDate(iso: "2014-06")), for: a1, validFrom: try LocalDate(iso: "2014-06-30"), reason: "giấy báo tử",
                expectedVersion: 1, request: try f.request("communeA", .civilStatus, id: "death"))
            #expect(try await quality.figures().nation.breaking[.nothingAfterDeath] == nil, "stored scores change only when the follower runs")
            #expect(try await quality.catchUp() >= 1)
            #expect(try await quality.catchUp() == 0, "each announcement is taken once")
            figures = try await quality.figures()
            #expect(figures.nation.records == 4, "measured again, not added")
            #expect(figures.nation.breaking[.nothingAfterDeath] == 1)
            #expect(figures.wards[GateFixture.wardA]?.breaking[.nothingAfterDeath] == 1)
            let reads = try await f.accessLog().filter { $0.action == "quality-measure" }
            #expect(reads.map(\.subject) == [a1.rawValue], "the follower's read is logged, as the system, for data quality")
            #expect(reads.allSatisfy { $0.actor == "system:quality" && $0.purpose == "data-quality" })
        }
    }

    @Test(arguments: Backend.all) func onlyTheSystemForDataQualityScansTheRegister(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            await #expect(throws: AccessError.self) {
                try await f.gate.qualityScan(after: nil, limit: 10, for: try f.request("central", .dataQuality))
            }
            await #expect(throws: AccessError.self) {
                try await f.gate.qualityScan(after: nil, limit: 10, for: AccessRequest(officer: .system("quality"), purpose: .dataCorrection, requestId: "x"))
            }
            let scanned = try await f.gate.qualityScan(after: nil, limit: 10, for: QualityScores.system())
            #expect(scanned.count == 4)
        }
    }
}
