import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

@testable import DanCuServices

/// Figures per procedure, ward and month: received, done, on time, late, average working days; each
/// officer sees their own jurisdiction's, and no one is named.
@Suite struct ServiceFiguresTests {
    typealias Desk = ServiceDeskTests

    @Test(arguments: Backend.all) func figuresCountWhatWasReceivedDoneAndLate(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let officer = Desk.civilStatus(ward: GateFixture.wardA)
            var codes: [String] = []
            for (i, key) in ["a1", "a2", "a1"].enumerated() {
                var form = Desk.birth
                form["childName"] = ["Nguyễn Minh Khôi", "Trần Bảo An", "Nguyễn Minh Khang"][i]
                form["parentRole"] = key == "a2" ? "mother" : "father"
                codes.append(
                    try await desk.submit(
                        "birth-registration", form: form, attachments: Desk.papers("birth-registration"), eidLevel: 2, idempotencyKey: nil,
                        for: try Desk.citizen(f, key)
                    ).value.application
                        .code)
            }
            _ = try await desk.decide(.approve, step: "birth", of: codes[0], for: officer)
            _ = try await desk.decide(.refuse(reason: "Thiếu giấy chứng sinh"), step: "birth", of: codes[1], for: officer)
            // The third is still open; put its deadline in the past, as if the days had gone by.
            let open = codes[2]
            try await f.register.store.write { db in
                try db.execute("UPDATE service_applications SET deadline = '2026-01-02' WHERE code = ?", [.text(open)])
            }
            let month = ApplicationTable.month(f.gate.clock.today())
            let figures = try await desk.figures(month: month, procedure: nil, byProvince: false, for: officer)
            #expect(figures.count == 1)
            let figure = try #require(figures.first)
            #expect(figure.procedure == "birth-registration" && figure.area == GateFixture.wardA && figure.month == month)
            #expect(figure.received == 3 && figure.done == 2 && figure.onTime == 2 && figure.late == 1, "\(figure)")
            #expect(figure.averageDays == 0)
            // By province, for the province's police; nothing for another ward's officer or another month.
            let province = try await desk.figures(month: month, procedure: "birth-registration", byProvince: true, for: try f.request("province01"))
            #expect(province.map(\.area) == ["01"] && province.first?.received == 3)
            #expect(try await desk.figures(month: month, procedure: nil, byProvince: false, for: Desk.civilStatus(ward: GateFixture.wardB)).isEmpty)
            #expect(try await desk.figures(month: "2020-01", procedure: nil, byProvince: false, for: officer).isEmpty)
            await #expect(throws: AccessError.self) { try await desk.figures(month: month, procedure: nil, byProvince: false, for: try f.request("auditor")) }
            await #expect(throws: ServiceError.invalid(field: "month", detail: "is a month, YYYY-MM")) {
                try await desk.figures(month: "December", procedure: nil, byProvince: false, for: officer)
            }
        }
    }
}

/// The figures come from counts kept in each change's transaction (`service_figures`); they must say
/// what counting the month's applications themselves says, after every kind of change, and after the
/// migration that filled the counts from the applications already there.
@Suite struct ServiceFigureCountsTests {
    typealias Desk = ServiceDeskTests

    @Test(arguments: Backend.all) func theCountsSayWhatCountingTheApplicationsSays(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let month = ApplicationTable.month(f.gate.clock.today())
            let central = try f.request("central")
            // Four parents in three wards of two provinces, two births each: approved, refused, approved
            // after the deadline, asked for a supplement past the deadline, left open past it, left open.
            var codes: [(code: String, ward: String)] = []
            for (i, (key, ward)) in [
                ("a1", GateFixture.wardA), ("a2", GateFixture.wardA), ("b1", GateFixture.wardB), ("c1", GateFixture.wardC),
                ("a1", GateFixture.wardA), ("a2", GateFixture.wardA), ("b1", GateFixture.wardB), ("c1", GateFixture.wardC),
            ].enumerated() {
                var form = Desk.birth
                form["childName"] = "Nguyễn Minh Khôi \(["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan"][i])"
                form["parentRole"] = key == "a2" || key == "c1" ? "mother" : "father"
                let submitted = try await desk.submit(
                    "birth-registration", form: form, attachments: Desk.papers("birth-registration"), eidLevel: 2, idempotencyKey: nil,
                    for: try Desk.citizen(f, key))
                codes.append((submitted.value.application.code, ward))
            }
            try #expect(await Self.figures(desk, central, month) == Self.counted(f.register.store, month, today: f.gate.clock.today()))

            func pastDeadline(_ code: String) async throws {
                try await f.register.store.write { db in
                    try db.execute("UPDATE service_applications SET deadline = '2026-11-02' WHERE code = ?", [.text(code)])
                }
            }
            _ = try await desk.decide(.approve, step: "birth", of: codes[0].code, for: Desk.civilStatus(ward: codes[0].ward))
            _ = try await desk.decide(.refuse(reason: "Thiếu giấy chứng sinh"), step: "birth", of: codes[1].code, for: Desk.civilStatus(ward: codes[1].ward))
            try await pastDeadline(codes[2].code)
            _ = try await desk.decide(.approve, step: "birth", of: codes[2].code, for: Desk.civilStatus(ward: codes[2].ward))
            try await pastDeadline(codes[3].code)
            _ = try await desk.decide(
                .requestSupplement(reason: "Bổ sung giấy chứng sinh"), step: "birth", of: codes[3].code, for: Desk.civilStatus(ward: codes[3].ward))
            try await pastDeadline(codes[4].code)
            _ = try await desk.decide(.refuse(reason: "Trùng hồ sơ"), step: "birth", of: codes[5].code, for: Desk.civilStatus(ward: codes[5].ward))
            try await pastDeadline(codes[6].code)

            let today = f.gate.clock.today()
            for byProvince in [false, true] {
                let counted = try await Self.counted(f.register.store, month, byProvince: byProvince, today: today)
                #expect(try await Self.figures(desk, central, month, byProvince: byProvince) == counted)
                // What was done happened: three done on time, one late, two open past the deadline.
                #expect(counted.map(\.received).reduce(0, +) == 8 && counted.map(\.done).reduce(0, +) == 4)
                #expect(counted.map(\.onTime).reduce(0, +) == 3 && counted.map(\.late).reduce(0, +) == 3)
            }
            // Within one province and one ward, and for one procedure.
            let province = try f.request("province01")
            #expect(
                try await desk.figures(month: month, procedure: "birth-registration", byProvince: false, for: province)
                    == Self.counted(f.register.store, month, scope: .province("01"), today: today))
            let ward = Desk.civilStatus(ward: GateFixture.wardA)
            #expect(try await Self.figures(desk, ward, month) == Self.counted(f.register.store, month, scope: .ward(GateFixture.wardA), today: today))

            // The migration fills the counts from the applications there are, and keeps nothing else.
            try await f.register.store.write { db in
                try db.execute("DROP TABLE service_figures")
                try db.execute("DROP INDEX service_applications_open")
                try db.execute(
                    "CREATE INDEX service_applications_figures ON service_applications (received_month, province_code, ward_code, procedure_code)")
                try db.execute("DELETE FROM schema_migrations WHERE module = 'services' AND version = 4")
            }
            let applied = try await Migrator.migrate(f.register.store, ServicesSchema.migrations)
            #expect(applied.map(\.version) == [4])
            #expect(try await Self.figures(desk, central, month) == Self.counted(f.register.store, month, today: today))
        }
    }

    /// Applications open past their deadline are counted from the index of unfinished ones alone: its
    /// entries answer the query without a row read, whatever the month's applications were.
    @Test func theOpenOnesPastTheirDeadlineAreCountedFromTheirIndexAlone() async throws {
        try await Desk.with(.sqlite) { f, _ in
            for (area, filter, binds) in [
                ("province_code", " WHERE received_month = ?", [SQLValue.text("2026-12")]),
                ("ward_code", " WHERE received_month = ? AND province_code = ?", [.text("2026-12"), .text("01")]),
            ] {
                let plan = try await f.register.store.read { db in
                    try db.query("EXPLAIN QUERY PLAN " + ServiceFigures.stillOpenPastDeadline(area: area, filter: filter), binds + [.text("2026-12-03")])
                        .map { try $0.string("detail") }
                }
                #expect(plan.contains { $0.contains("USING COVERING INDEX service_applications_open") }, "\(plan)")
            }
        }
    }

    static func figures(_ desk: ServiceDesk, _ officer: AccessRequest, _ month: String, byProvince: Bool = false) async throws -> [ServiceFigure] {
        try await desk.figures(month: month, procedure: nil, byProvince: byProvince, for: officer)
    }

    /// The figures by counting the month's applications one by one: the reference the counts are held to.
    static func counted(
        _ store: any Store, _ month: String, byProvince: Bool = false, scope: ServiceScope = .nation, today: LocalDate
    ) async throws -> [ServiceFigure] {
        let area = byProvince ? "province_code" : "ward_code"
        let within = scope.condition()
        return try await store.read { db in
            try db.query(
                """
                SELECT procedure_code, \(area) AS area, COUNT(*) AS received,
                  SUM(CASE WHEN finished_on IS NOT NULL THEN 1 ELSE 0 END) AS done,
                  SUM(CASE WHEN finished_late = 0 THEN 1 ELSE 0 END) AS on_time,
                  SUM(CASE WHEN finished_late = 1 OR (finished_on IS NULL AND status <> 'supplement-requested' AND deadline < ?) THEN 1 ELSE 0 END) AS late,
                  CAST(AVG(working_days) AS DOUBLE PRECISION) AS average_days
                FROM service_applications WHERE received_month = ?\(within.sql)
                GROUP BY procedure_code, \(area) ORDER BY procedure_code, \(area)
                """, [.text(today.description), .text(month)] + within.binds
            ).map { row in
                let average: Double? =
                    switch row["average_days"] {
                    case .double(let d): d
                    case .int(let i): Double(i)
                    default: nil
                    }
                return ServiceFigure(
                    procedure: try row.string("procedure_code"), area: try row.string("area"), month: month, received: Int(try row.int("received")),
                    done: Int(row["done"].int ?? 0), onTime: Int(row["on_time"].int ?? 0), late: Int(row["late"].int ?? 0), averageDays: average)
            }
        }
    }
}
