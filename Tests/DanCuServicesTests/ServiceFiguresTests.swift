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
