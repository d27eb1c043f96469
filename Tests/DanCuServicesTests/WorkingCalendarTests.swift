import DanCuCore
import Foundation
import Testing

@testable import DanCuServices

/// Working days: weekends, public holidays and the days given off around them, and the Saturdays
/// worked in exchange, all from the calendar file.
@Suite struct WorkingCalendarTests {
    /// A date written in the test; a mistyped one fails the assertions it is in.
    static func day(_ text: String) -> LocalDate { (try? LocalDate(iso: text)) ?? LocalDate(dayNumber: 0) }

    @Test func weekdaysAreCountedFromThe1970Thursday() throws {
        #expect(WorkingCalendar.weekday(Self.day("1970-01-01")) == 3)
        #expect(WorkingCalendar.weekday(Self.day("2026-12-03")) == 3)
        #expect(WorkingCalendar.weekday(Self.day("2026-12-05")) == 5)
        #expect(WorkingCalendar.weekday(Self.day("1969-12-29")) == 0)
    }

    @Test func theBundledCalendarKnowsTetAndTheBridges() throws {
        let calendar = try WorkingCalendar.bundled()
        #expect(calendar.years == 2025...2027)
        // Tết Bính Ngọ 2026: offices close Monday 16 to Friday 20 February.
        for d in 16...20 { #expect(!calendar.isWorkingDay(Self.day("2026-02-\(d)"))) }
        #expect(calendar.isWorkingDay(Self.day("2026-02-13")) && calendar.isWorkingDay(Self.day("2026-02-23")))
        // Saturday 26 April 2025 was worked in exchange for Friday 2 May.
        #expect(calendar.isWorkingDay(Self.day("2025-04-26")) && !calendar.isWorkingDay(Self.day("2025-05-02")))
        #expect(!calendar.isWorkingDay(Self.day("2026-09-02")))
    }

    @Test func holidaysMoveDeadlines() throws {
        let calendar = try WorkingCalendar.bundled()
        let plain = WorkingCalendar(daysOff: [], workingWeekendDays: [], years: 2025...2027)
        // Received Thursday 12 February 2026, three working days: without Tết, Tuesday the 17th; with it,
        // Tết closes 16 to 20 February, so Tuesday the 24th.
        #expect(plain.deadline(receivedOn: Self.day("2026-02-12"), workingDays: 3) == (Self.day("2026-02-17")))
        #expect(calendar.deadline(receivedOn: Self.day("2026-02-12"), workingDays: 3) == (Self.day("2026-02-24")))
        // The day of receipt does not count; a receipt on a Saturday counts from Monday.
        #expect(calendar.deadline(receivedOn: Self.day("2026-12-03"), workingDays: 1) == (Self.day("2026-12-04")))
        #expect(calendar.deadline(receivedOn: Self.day("2026-12-05"), workingDays: 1) == (Self.day("2026-12-08")))
        #expect(calendar.deadline(receivedOn: Self.day("2026-12-05"), workingDays: 0) == (Self.day("2026-12-07")))
        // Friday 25 April 2025 plus one working day: the Saturday worked in exchange.
        #expect(calendar.deadline(receivedOn: Self.day("2025-04-25"), workingDays: 1) == (Self.day("2025-04-26")))
        #expect(calendar.workingDays(after: Self.day("2026-02-12"), through: Self.day("2026-02-24")) == 3)
        #expect(calendar.workingDays(after: Self.day("2026-02-24"), through: Self.day("2026-02-12")) == 0)
        #expect(calendar.adding(workingDays: 2, to: Self.day("2026-04-29")) == (Self.day("2026-05-05")))
    }

    @Test func aCalendarFileWithAMistakeIsRefusedNamingTheField() {
        func problems(_ text: String) -> [CatalogueProblem] {
            do {
                _ = try WorkingCalendar.read(Data(text.utf8), file: "cal.json")
                return []
            } catch { return error.problems }
        }
        #expect(problems(#"{"years": [2026, 2026], "daysOff": [{"date": "2026-02-14", "name": "Tết"}]}"#).map(\.field) == ["/daysOff/0/date"])
        #expect(problems(#"{"years": [2026, 2026], "daysOff": [{"date": "2026-02-30", "name": "x"}]}"#).map(\.field) == ["/daysOff/0/date"])
        #expect(
            problems(#"{"years": [2026, 2026], "workingWeekendDays": [{"date": "2026-02-16", "name": "x"}]}"#).map(\.field) == ["/workingWeekendDays/0/date"])
        #expect(problems(#"{"years": [2027, 2026]}"#).map(\.field) == ["/years"])
        #expect(problems(#"{"years": [2026, 2026], "holidays": []}"#).map(\.field) == ["/holidays"])
        #expect(
            problems(#"{"years": [2026, 2026], "daysOff": [{"date": "2027-01-01", "name": "x"}]}"#).map(\.reason) == ["lies outside the years the file covers"])
    }
}
