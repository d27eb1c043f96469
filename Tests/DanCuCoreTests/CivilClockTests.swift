import DanCuCore
import Testing

@Suite struct CivilClockTests {
    /// Microseconds of a UTC instant given as seconds since 1970.
    static func micros(_ seconds: Int64) -> Int64 { seconds * 1_000_000 }

    @Test func todayIsVietNamsDateNotUTCs() throws {
        // 2026-12-02T16:59:59Z is 23:59:59 in Hà Nội; a second later it is 3 December there, still 2 December in UTC.
        let lastSecond = Self.micros(1_796_230_799)
        #expect(CivilClock.fixed(lastSecond).today() == (try LocalDate(iso: "2026-12-02")))
        #expect(CivilClock.fixed(lastSecond + 1_000_000).today() == (try LocalDate(iso: "2026-12-03")))
        // Before 1970 too (a negative instant): 1969-12-31T17:00:00Z is midnight of 1 January 1970 in Hà Nội.
        #expect(CivilClock.civilDate(micros: -7 * 3_600 * 1_000_000) == (try LocalDate(iso: "1970-01-01")))
        #expect(CivilClock.civilDate(micros: -7 * 3_600 * 1_000_000 - 1) == (try LocalDate(iso: "1969-12-31")))
    }
}
