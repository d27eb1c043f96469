import DanCuCore
import Foundation
import Testing

@testable import DanCuServices

/// The engine's rules, without a database: steps in order and in parallel, refusal, supplements,
/// deadlines and lateness.
@Suite struct WorkflowTests {
    static let catalogue = Result { try ProcedureCatalogue.load() }
    /// A date written in the test; a mistyped one fails the assertions it is in.
    static func day(_ text: String) -> LocalDate { (try? LocalDate(iso: text)) ?? LocalDate(dayNumber: 0) }

    static func workflow(_ code: String) throws -> Workflow {
        let procedure = try #require(try catalogue.get().procedure(code))
        return Workflow(procedure: procedure, calendar: try WorkingCalendar.bundled())
    }

    static func received(_ w: Workflow, on date: String) throws -> ApplicationCase {
        let submitted = w.submitted(code: "G17-261203-ABCDE", applicant: "001080000101", subject: nil, wardCode: "00004", at: 1)
        return try w.receive(submitted.application, by: "system:services", at: 2, on: try day(date)).application
    }

    @Test func theInterlinkedBirthOpensResidenceAndInsuranceTogetherOnceTheBirthIsRegistered() throws {
        let w = try Self.workflow("birth-residence-health-insurance")
        let received = try Self.received(w, on: "2026-12-03")
        #expect(received.status == .received && received.deadline == (Self.day("2026-12-08")))
        #expect(received.steps.map(\.status) == [.open, .waiting, .waiting])
        #expect(received.step("birth")?.due == (Self.day("2026-12-04")))
        #expect(throws: ServiceError.wrongState("the step residence is waiting, not open")) {
            try w.decide(.approve, step: "residence", of: received, by: "x", at: 3, on: Self.day("2026-12-03"))
        }
        let born = try w.decide(.approve, step: "birth", of: received, by: "tp.a", at: 3, on: Self.day("2026-12-04"))
        #expect(born.application.status == .inProgress && born.approvedStep == "birth")
        #expect(Set(born.opened) == ["residence", "health-insurance"])
        #expect(born.application.steps.map(\.status) == [.approved, .open, .open])
        let resident = try w.decide(.approve, step: "residence", of: born.application, by: "ca.a", at: 4, on: Self.day("2026-12-04"))
        #expect(resident.application.status == .inProgress)
        let insured = try w.decide(.approve, step: "health-insurance", of: resident.application, by: "member:BHXH/THE-BHYT", at: 5, on: Self.day("2026-12-07"))
        #expect(insured.application.status == .approved && insured.events.map(\.kind) == [.stepApproved, .approved])
        let issued = try w.issueResults(insured.application, at: 6, on: Self.day("2026-12-07"), summary: nil)
        #expect(issued.application.status == .resultIssued && issued.application.finishedOn == (Self.day("2026-12-07")))
        #expect(!issued.application.isLate(today: Self.day("2027-01-01")))
        #expect(issued.application.version == 6)
    }

    @Test func aRefusalCancelsTheRestAndNeedsAReason() throws {
        let w = try Self.workflow("birth-residence-health-insurance")
        let received = try Self.received(w, on: "2026-12-03")
        #expect(throws: ServiceError.invalid(field: "reason", detail: "say why, for the applicant to read")) {
            try w.decide(.refuse(reason: "  "), step: "birth", of: received, by: "tp.a", at: 3, on: Self.day("2026-12-03"))
        }
        let refused = try w.decide(.refuse(reason: "Giấy chứng sinh không hợp lệ"), step: "birth", of: received, by: "tp.a", at: 3, on: Self.day("2026-12-03"))
        #expect(refused.application.status == .refused && refused.application.steps.map(\.status) == [.refused, .cancelled, .cancelled])
        #expect(refused.application.step("birth")?.note == "Giấy chứng sinh không hợp lệ")
        #expect(throws: ServiceError.wrongState("the step birth is refused, not open")) {
            try w.decide(.approve, step: "birth", of: refused.application, by: "tp.a", at: 4, on: Self.day("2026-12-03"))
        }
    }

    @Test func aSupplementStopsTheClockAndItsAnswerGivesTheDaysBack() throws {
        let w = try Self.workflow("permanent-residence")
        let received = try Self.received(w, on: "2026-12-01")
        let deadline = try #require(received.deadline)
        #expect(deadline == (Self.day("2026-12-10")))
        let asked = try w.decide(
            .requestSupplement(reason: "Bổ sung hợp đồng thuê nhà"), step: "registration", of: received, by: "ca.a", at: 3, on: Self.day("2026-12-02"))
        #expect(asked.application.status == .supplementRequested && asked.application.supplement?.reason == "Bổ sung hợp đồng thuê nhà")
        // While the applicant owes the supplement, the application is not late, however long it waits.
        #expect(!asked.application.isLate(today: Self.day("2026-12-31")))
        #expect(throws: ServiceError.notAllowed("only the applicant answers a supplement request")) {
            try w.answerSupplement(asked.application, by: "001182000102", note: nil, at: 4, on: Self.day("2026-12-07"))
        }
        // Answered Monday 7 December: three working days waited (3, 4, 7 December) are given back.
        let answered = try w.answerSupplement(asked.application, by: "001080000101", note: "Đã bổ sung", at: 4, on: Self.day("2026-12-07"))
        #expect(answered.application.status == .received && answered.application.step("registration")?.status == .open)
        #expect(answered.application.deadline == (Self.day("2026-12-15")))
        #expect(answered.application.step("registration")?.due == (Self.day("2026-12-15")))
        #expect(throws: ServiceError.wrongState("no supplement is asked for")) {
            try w.answerSupplement(answered.application, by: "001080000101", note: nil, at: 5, on: Self.day("2026-12-07"))
        }
    }

    @Test func aLateStepAndALateApplicationAreFlagged() throws {
        let w = try Self.workflow("temporary-absence")
        let received = try Self.received(w, on: "2026-12-03")
        #expect(received.deadline == (Self.day("2026-12-04")))
        #expect(!received.isLate(today: Self.day("2026-12-04")))
        #expect(received.isLate(today: Self.day("2026-12-07")) && received.steps[0].isLate(today: Self.day("2026-12-07")))
        let done = try w.decide(.approve, step: "declaration", of: received, by: "ca.a", at: 3, on: Self.day("2026-12-08"))
        let issued = try w.issueResults(done.application, at: 4, on: Self.day("2026-12-08"), summary: nil)
        #expect(issued.application.isLate(today: Self.day("2026-12-08")) && issued.application.steps[0].isLate(today: Self.day("2027-01-01")))
    }

    @Test func applicationCodesCarryACheckCharacter() throws {
        let procedure = try #require(try Self.catalogue.get().procedure("birth-registration"))
        var seed: UInt64 = 42
        for _ in 0..<200 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1
            let s = seed
            let code = ApplicationCode.make(procedure: procedure, on: Self.day("2026-12-03"), random: { s })
            #expect(code.hasPrefix("G14-261203-") && code.count == 20 && ApplicationCode.isWellFormed(code), "\(code)")
            var chars = Array(code)
            chars[12] = chars[12] == "Z" ? "Y" : "Z"
            #expect(!ApplicationCode.isWellFormed(String(chars)))
        }
        #expect(!ApplicationCode.isWellFormed("G14-261203-00000") && !ApplicationCode.isWellFormed("'; DROP TABLE x"))
    }
}
