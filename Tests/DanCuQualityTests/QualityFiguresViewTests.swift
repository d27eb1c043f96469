import DanCuAccess
import DanCuCore
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuQuality

@Suite struct QualityFiguresViewTests {
    /// The fixture's four people and twelve more in ward A of Hà Nội, three of them born on a
    /// placeholder 1 January; measured.
    static func measured(_ f: GateFixture) async throws -> QualityFiguresView {
        for i in 0..<12 {
            let born = i < 3 ? "1970-01-01" : "1970-0\(1 + i % 9)-1\(i % 9)"
            let person = try GateFixture.person(
                "001070000\(300 + i)", "Nguyễn Văn Thử", born: born, sex: .male, ward: GateFixture.wardA)
            _ = try await f.register.registerExisting(person, officer: "fixture")
        }
        let scores = QualityScores(
            store: f.register.store, gate: f.gate, reference: f.register.reference, today: { LocalDate(unchecked: 2026, 12, 4) }, now: { 1 })
        try await scores.migrate()
        _ = try await scores.recomputeAll()
        return QualityFiguresView(scores: scores, gate: f.gate, units: f.register.reference.units)
    }

    @Test(arguments: Backend.all) func smallCellsAreSuppressedAndEachOfficerSeesTheirOwnAreas(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            let view = try await Self.measured(f)
            let nation = try await view.figures(province: nil, for: try f.request("central", nil))
            #expect(nation.map(\.code) == ["VN", "01", "79"])
            #expect(nation[0].records == 16 && nation[1].records == 15)
            let hcmc = nation[2]
            #expect(hcmc.suppressed && hcmc.shares.isEmpty && hcmc.breaking.isEmpty, "one person in Hồ Chí Minh City: nothing is shown")
            let hanoi = nation[1]
            #expect(hanoi.breaking.keys.contains(.noPlaceholderDate))
            #expect(hanoi.breaking[.noPlaceholderDate] == .some(nil), "three placeholder dates are too few to count")
            #expect(hanoi.shares[.clean] == .some(nil), "nor may the share of the clean give the three away")

            let province = try await view.figures(province: nil, for: try f.request("province01", nil))
            #expect(province.map(\.code) == ["01", GateFixture.wardA, GateFixture.wardB])
            #expect(province[2].suppressed, "ward B has one person")
            await #expect(throws: AccessError.self) { try await view.figures(province: "79", for: try f.request("province01", nil)) }
            let ward = try await view.figures(province: nil, for: try f.request("communeA", nil))
            #expect(ward.map(\.code) == [GateFixture.wardA] && ward[0].records == 14)
            await #expect(throws: AccessError.self) { try await view.figures(province: nil, for: try f.request("auditor", nil)) }
            await #expect(throws: AccessError.self, "nor a commune officer another province's") {
                try await view.figures(province: "79", for: try f.request("communeA", nil))
            }
            await #expect(throws: QualityError.self) { try await view.figures(province: "00", for: try f.request("central", nil)) }
            let denials = try await f.accessLog().filter { $0.action == "quality-figures" }
            #expect(denials.count == 3 && denials.allSatisfy { $0.decision == "denied" && $0.subject == nil }, "refusals are logged; reading counts is not")
        }
    }
}
